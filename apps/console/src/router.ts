/**
 * Hash routes: #/dashboard, #/inbox, #/register, #/applications, #/applications/{id}, #/notifications, #/report,
 * #/calendar, #/stuck, #/disclosure, #/carry-over, #/imports, #/notice-template, #/users, #/password,
 * #/supervision, #/departments.
 * Each page is its own module, loaded when first visited, so the console starts with little script.
 */
import { errorText, h } from './dom';
import { app, call, landingPage, session } from './session';

/** The page modules, each loaded on first use. */
const PAGES = {
  login: () => import('./pages/login').then((m) => m.loginPage()),
  password: () => import('./pages/password').then((m) => m.passwordPage()),
  users: () => import('./pages/users').then((m) => m.usersPage()),
  register: () => import('./pages/register').then((m) => m.registerPage()),
  applications: () => import('./pages/applications').then((m) => m.applicationsPage()),
  notifications: () => import('./pages/notifications').then((m) => m.notificationsPage()),
  report: () => import('./pages/report').then((m) => m.reportPage()),
  calendar: () => import('./pages/calendar').then((m) => m.calendarPage()),
  stuck: () => import('./pages/stuck').then((m) => m.stuckCasesPage()),
  disclosure: () => import('./pages/disclosure').then((m) => m.disclosurePage()),
  'carry-over': () => import('./pages/carry-over').then((m) => m.carryOverPage()),
  imports: () => import('./pages/imports').then((m) => m.importsPage()),
  'notice-template': () => import('./pages/notice-template').then((m) => m.noticeTemplatePage()),
  inbox: () => import('./pages/inbox').then((m) => m.inboxPage()),
  dashboard: () => import('./pages/dashboard').then((m) => m.dashboardPage()), // issue 15
  supervision: () => import('./pages/supervision').then((m) => m.supervisionPage()), // issue 16
  departments: () => import('./pages/departments').then((m) => m.departmentsPage()), // issue 16
} satisfies Record<string, () => Promise<void>>;

function isPage(page: string | undefined): page is keyof typeof PAGES {
  return page !== undefined && Object.hasOwn(PAGES, page);
}

export async function route(): Promise<void> {
  if (!session.token) return PAGES.login();
  try {
    session.me ??= await call('GET /api/auth/me');
    const [, page, id] = (location.hash || `#/${landingPage()}`).split('/');
    if (page === 'login') return await PAGES.login();
    if (session.me?.mustChangePassword || page === 'password') return await PAGES.password(); // issue 10
    session.reference ??= await call('GET /api/reference');
    if (page === 'applications' && id)
      return await import('./pages/application').then((m) => m.applicationPage(id));
    return await (isPage(page) ? PAGES[page] : PAGES[landingPage()])();
  } catch (err) {
    if (!session.token) return PAGES.login();
    app.replaceChildren(h('div', { className: 'error' }, errorText(err)));
  }
}
