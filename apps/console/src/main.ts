/**
 * The staff console (依申请公开办理平台): a small single-page app in Chinese on top of the API. Its pages
 * are modules under pages/, routed by router.ts; the session (token, user, code lists) is in session.ts.
 */
import { route } from './router';

window.addEventListener('hashchange', () => void route());
void route();
