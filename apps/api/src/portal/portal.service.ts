import { createHash, randomBytes, randomInt } from 'node:crypto';
import { Inject, Injectable, Logger, NotFoundException, UnauthorizedException } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import type { DataSource } from 'typeorm';
import {
  APPLICATION_STATUS_LABELS,
  type ApplicationState,
  type ApplicationStatus,
  type Command,
  decide,
  replyClockRuns,
  replyDeadline,
} from '../../../../libs/domain/application';
import { OUTCOME_LABELS, type OutcomeCode } from '../../../../libs/domain/outcome';
import {
  APPLICANT_CODES_PER_CLIENT,
  APPLICANT_CODES_PER_EMAIL,
  APPLICANT_CODE_DIGITS,
  APPLICANT_CODE_MAX_ATTEMPTS,
  APPLICANT_CODE_MINUTES,
  APPLICANT_CODE_WINDOW_MINUTES,
  APPLICANT_SESSION_HOURS,
  applicantActor,
  normalizedEmail,
  portalReceipt,
  portalReceiptEvidence,
} from '../../../../libs/domain/portal';
import { sendMail } from '../../../../platform/mail';
import { agencyByCode, findAgency } from '../../../../platform/database/repositories/agencies.repository';
import {
  type ApplicantApplicationRow,
  applicantApplication,
  applicantApplications,
  applicantOfSession,
  countFailedAttempt,
  insertApplicantSession,
  insertCode,
  insertPortalSubmission,
  latestCode,
  lockCodeRequests,
  lockSubmissions,
  markCodeUsed,
  recentCodeRequests,
  submissionsSince,
} from '../../../../platform/database/repositories/applicants.repository';
import { APP_CONFIG, type AppConfig } from '../infrastructure/config.provider';
import { ApplicationsService } from '../applications/applications.service';
import { ServiceUnavailableError, TooManyRequestsError } from '../common/http-exception.filter';
import { badRequest, todayInChina } from '../common/validation';
import { NoticesService } from '../notices/notices.service';
import { CalendarService } from '../calendar/calendar.service';
import type {
  ApplicantSessionDto,
  CodeSentDto,
  OpenSessionDto,
  PortalApplicationDetailDto,
  PortalApplicationDto,
  PortalApplicationListDto,
  PortalApplicationSummaryDto,
  PortalSubmissionDto,
  RequestCodeDto,
} from './portal.dto';

/** The applicant a portal session stands for: an e-mail address at one agency. */
export interface Applicant {
  agencyId: string;
  email: string;
}

const sha256 = (text: string) => createHash('sha256').update(text).digest('hex');
const codeHash = (agencyId: string, email: string, code: string) => sha256(`${agencyId}:${email}:${code}`);

/** Where it stands, as an applicant would put it. */
function stageOf(
  s: PortalApplicationSummaryDto,
  supplement: { dueOn: string } | null,
  fee: { amountYuan: number; windowEnd: string } | null,
): string {
  if (supplement)
    return `本机关请您补正申请（见补正告知书），请在 ${supplement.dueOn} 前提交补正；逾期未补正的，视为放弃申请`;
  if (fee)
    return `本机关已通知您缴纳信息处理费 ${fee.amountYuan} 元，请在 ${fee.windowEnd} 前缴纳；逾期未缴纳的，视为放弃申请`;
  switch (s.status) {
    case 'registered':
      return '本机关已收到您的申请，正在审查';
    case 'under_review':
      return s.paused ? '本机关正在办理您的申请（征求意见期间，答复期限暂停计算）' : '本机关正在办理您的申请';
    case 'decision_drafted':
    case 'decision_approved':
      return '本机关已拟定答复，正在审核、送达';
    case 'delivered':
      return `本机关已于 ${s.concludedOn} 答复您的申请：${s.outcomeLabel ?? ''}`;
    case 'abandoned':
      return `您的申请已于 ${s.concludedOn} 办结：${s.outcomeLabel ?? '视为放弃申请'}`;
    case 'withdrawn':
      return `您已于 ${s.concludedOn} 撤回申请`;
    default:
      return s.statusLabel;
  }
}

function summary(r: ApplicantApplicationRow): PortalApplicationSummaryDto {
  return {
    id: r.id,
    caseNumber: r.case_number,
    receivedOn: r.received_on,
    status: r.status,
    statusLabel: APPLICATION_STATUS_LABELS[r.status as ApplicationStatus] ?? r.status,
    outcomeLabel: r.outcome ? (OUTCOME_LABELS[r.outcome as OutcomeCode] ?? r.outcome) : null,
    concludedOn: r.concluded_on,
    replyDueOn: r.reply_due_on,
    paused: r.paused,
    informationSought: r.information_sought,
  };
}

/**
 * The public portal (issue 14): an applicant proves an e-mail address with a one-time code, then files
 * applications at the agency and follows them. Nothing here needs a staff account; a session opens only
 * the applications its address submitted at its agency.
 */
@Injectable()
export class PortalService {
  private readonly logger = new Logger(PortalService.name);

  constructor(
    @InjectDataSource() private readonly db: DataSource,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    private readonly applications: ApplicationsService,
    private readonly notices: NoticesService,
    private readonly calendars: CalendarService,
  ) {}

  private async agency(code: string) {
    const agency = await agencyByCode(this.db.manager, code);
    if (!agency)
      throw new NotFoundException({ statusCode: 404, error: 'Not Found', message: `no agency ${code}` });
    return agency;
  }

  private email(value: string): string {
    const email = normalizedEmail(value);
    if (!email) throw badRequest([{ field: 'email', reasons: ['email must be an e-mail address'] }]);
    return email;
  }

  /** Sends a one-time code to the address; at most a few per address and per client in a window. */
  async requestCode(agencyCode: string, dto: RequestCodeDto, client: string): Promise<CodeSentDto> {
    const agency = await this.agency(agencyCode);
    const email = this.email(dto.email);
    if (!this.config.notifications.smtpUrl)
      throw new ServiceUnavailableError('本平台暂未开通电子邮件验证，请联系本机关', 'EMAIL_UNAVAILABLE');
    const code = String(randomInt(0, 10 ** APPLICANT_CODE_DIGITS)).padStart(APPLICANT_CODE_DIGITS, '0');
    await this.db.transaction(async (m) => {
      await lockCodeRequests(m, email, client);
      const recent = await recentCodeRequests(m, email, client, APPLICANT_CODE_WINDOW_MINUTES);
      if (recent.byEmail >= APPLICANT_CODES_PER_EMAIL || recent.byClient >= APPLICANT_CODES_PER_CLIENT) {
        throw new TooManyRequestsError(
          'CODE_REQUESTS_THROTTLED',
          `验证码请求过于频繁，请 ${APPLICANT_CODE_WINDOW_MINUTES} 分钟后再试`,
          APPLICANT_CODE_WINDOW_MINUTES * 60,
        );
      }
      await insertCode(m, {
        agencyId: agency.id,
        email,
        client,
        codeHash: codeHash(agency.id, email, code),
        minutes: APPLICANT_CODE_MINUTES,
      });
    });
    try {
      await sendMail(this.config.notifications, {
        to: email,
        subject: `${agency.name}政府信息公开申请验证码`,
        text: `您的验证码是 ${code}，${APPLICANT_CODE_MINUTES} 分钟内有效。\n如非本人操作，请忽略本邮件。\n\n${agency.name}`,
        headers: { 'X-OGI-Portal-Code': 'applicant' },
      });
    } catch (err) {
      this.logger.warn(`portal code for an applicant of ${agency.code} not sent: ${String(err)}`);
      throw new ServiceUnavailableError('验证码邮件发送失败，请稍后再试', 'EMAIL_NOT_SENT');
    }
    return { email, validMinutes: APPLICANT_CODE_MINUTES };
  }

  /** Opens a session for the address with its latest code; wrong codes count, and end the code. */
  async openSession(agencyCode: string, dto: OpenSessionDto): Promise<ApplicantSessionDto> {
    const agency = await this.agency(agencyCode);
    const email = this.email(dto.email);
    const refused = () =>
      new UnauthorizedException({
        statusCode: 401,
        error: 'Unauthorized',
        code: 'CODE_INVALID',
        message: '验证码不正确或已失效，请重新获取',
      });
    return this.db
      .transaction(async (m) => {
        const stored = await latestCode(m, agency.id, email);
        if (!stored || stored.expired || stored.attempts >= APPLICANT_CODE_MAX_ATTEMPTS) throw refused();
        if (stored.code_hash !== codeHash(agency.id, email, dto.code)) {
          await countFailedAttempt(m, stored.id);
          // The failed attempt is kept: the transaction commits, then the answer is the refusal.
          return null;
        }
        await markCodeUsed(m, stored.id);
        const token = randomBytes(32).toString('base64url');
        const expiresAt = await insertApplicantSession(m, {
          tokenHash: sha256(token),
          agencyId: agency.id,
          email,
          hours: APPLICANT_SESSION_HOURS,
        });
        return { token, expiresAt, email };
      })
      .then((session) => {
        if (!session) throw refused();
        return session;
      });
  }

  /** The applicant of an `Authorization: Bearer` portal token; 401 without a live one. */
  async applicant(authorization: string | undefined): Promise<Applicant> {
    const token = /^Bearer\s+(\S+)$/i.exec(authorization ?? '')?.[1];
    const applicant = token ? await applicantOfSession(this.db, sha256(token)) : null;
    if (!applicant)
      throw new UnauthorizedException({
        statusCode: 401,
        error: 'Unauthorized',
        message: '请先通过电子邮箱验证码登录',
      });
    return applicant;
  }

  /**
   * Files the application at the applicant's agency: registered at once with the channel
   * `online_platform`, received on the date of the platform's confirmation (RULES.md §1), the submission
   * instant and its evidence kept. Registrars find it in their inbox as registered.
   */
  async submit(a: Applicant, dto: PortalApplicationDto, client: string): Promise<PortalSubmissionDto> {
    const receipt = portalReceipt(new Date());
    const dayStart = `${receipt.receivedOn}T00:00:00+08:00`;
    const { portalApplicationsPerDay: perDay, portalApplicationsPerClientPerDay: perClient } =
      this.config.security;
    const window = { agencyId: a.agencyId, email: a.email, client, since: dayStart };
    const refusal = (n: { byEmail: number; byClient: number }) =>
      n.byEmail >= perDay
        ? new TooManyRequestsError(
            'SUBMISSIONS_THROTTLED',
            `同一申请人每日通过本平台提交的申请不超过 ${perDay} 件，请明日再提交`,
            3600,
          )
        : n.byClient >= perClient
          ? new TooManyRequestsError(
              'SUBMISSIONS_THROTTLED',
              '本网络地址今日提交的申请过多，请明日再提交或联系本机关',
              3600,
            )
          : null;
    const early = refusal(await submissionsSince(this.db, window));
    if (early) throw early;
    const agency = await findAgency(this.db.manager, a.agencyId);
    if (!agency)
      throw new NotFoundException({ statusCode: 404, error: 'Not Found', message: 'no such agency' });
    const id = await this.applications.registerIn(
      agency,
      applicantActor(a.email),
      {
        applicantName: dto.applicantName,
        applicantType: dto.applicantType,
        applicantIdNumber: dto.applicantIdNumber,
        applicantContact: [dto.applicantContact?.trim(), a.email].filter(Boolean).join('；'),
        channel: 'online_platform',
        receivedOn: receipt.receivedOn,
        submittedAt: receipt.submittedAt,
        receiptEvidence: portalReceiptEvidence(receipt.submittedAt, a.email),
        informationSought: dto.informationSought,
        deliveryPreference: dto.deliveryPreference,
      },
      async (m, applicationId) => {
        // Counted again under a lock in the registration's transaction: a burst cannot pass the limit
        // (the refused registration rolls back with its case number).
        await lockSubmissions(m, a.agencyId, a.email, client);
        const refused = refusal(await submissionsSince(m, window));
        if (refused) throw refused;
        await insertPortalSubmission(m, {
          applicationId,
          agencyId: a.agencyId,
          email: a.email,
          client,
          submittedAt: receipt.submittedAt,
        });
      },
    );
    const row = (await applicantApplication(this.db, a.agencyId, a.email, id))!;
    const s = summary(row);
    const confirmation: PortalSubmissionDto = {
      ...s,
      submittedAt: receipt.submittedAt,
      nextSteps: `本机关已于 ${s.receivedOn} 收到您的申请（案件编号 ${s.caseNumber}）。本机关将自收到申请之日起20个工作日内答复${
        s.replyDueOn ? `（答复期限 ${s.replyDueOn}）` : ''
      }；需要延长答复期限的，经批准可延长不超过20个工作日，并告知您。申请内容不明确的，本机关将在7个工作日内一次性告知您补正，答复期限自收到补正之日起重新计算。征求第三方或其他机关意见、缴纳信息处理费所需时间不计入答复期限。`,
    };
    // The confirmation by e-mail too; the application stands whether or not the mail goes out.
    await sendMail(this.config.notifications, {
      to: a.email,
      subject: `${agency.name}已收到您的政府信息公开申请（${s.caseNumber}）`,
      text: `案件编号：${s.caseNumber}\n收到申请之日：${s.receivedOn}\n提交时间：${receipt.submittedAt}\n所需信息：${s.informationSought}\n\n${confirmation.nextSteps}\n\n${agency.name}`,
      headers: { 'X-OGI-Portal-Case': s.caseNumber },
    }).catch((err: unknown) =>
      this.logger.warn(`confirmation of ${s.caseNumber} (${agency.code}) not e-mailed: ${String(err)}`),
    );
    return confirmation;
  }

  private async own(a: Applicant, id: string) {
    const row = await applicantApplication(this.db, a.agencyId, a.email, id);
    if (!row)
      throw new NotFoundException({
        statusCode: 404,
        error: 'Not Found',
        message: `no application with id ${id}`,
      });
    return row;
  }

  /** Where the application stands, its deadline explained, the notices sent, the online steps open now. */
  async detail(a: Applicant, id: string): Promise<PortalApplicationDetailDto> {
    const row = await this.own(a, id);
    const state = row.state as unknown as ApplicationState | null;
    const { workingDays } = await this.calendars.current();
    const today = todayInChina();
    const ctx = { today, calendar: workingDays };
    const may = (command: Command) => Boolean(state && decide(state, command, ctx).ok);
    const s = summary(row);
    const supplement =
      state?.supplement && !state.supplement.supplementedOn && state.status === 'supplement_requested'
        ? { whatIsNeeded: state.supplement.whatIsNeeded, dueOn: state.supplement.dueOn }
        : null;
    const fee =
      state?.fee && !state.fee.paidOn && !state.conclusion
        ? {
            amountYuan: state.fee.computation.amountYuan,
            windowEnd: state.fee.windowEnd,
            explanation: state.fee.computation.explanation,
          }
        : null;
    const notices = (await this.notices.listOf(id)).map((n) => ({
      id: n.id,
      title: n.title,
      kindLabel: n.kindLabel,
      number: n.number,
      issuedOn: n.issuedOn,
      pdf: `/portal/applications/${id}/notices/${n.id}.pdf`,
      docx: `/portal/applications/${id}/notices/${n.id}.docx`,
    }));
    return {
      ...s,
      stage: stageOf(s, supplement, fee),
      deadline:
        state && replyClockRuns(state) ? replyDeadline(state, workingDays).steps.map((x) => x.text) : [],
      supplement,
      fee,
      notices,
      steps: {
        supplement: may({ type: 'recordSupplement', supplementedOn: today }),
        feePayment: may({ type: 'recordFeePayment', paidOn: today }),
        withdraw: may({ type: 'withdraw', withdrawnOn: today }),
      },
    };
  }

  /** A notice sent to the applicant, as Word or PDF. */
  async noticeFile(a: Applicant, id: string, noticeId: string, ext: 'docx' | 'pdf') {
    await this.own(a, id);
    return this.notices.fileOf(id, noticeId, ext);
  }

  /**
   * An online step the law gives the applicant: the supplement (补正, received today: the clock
   * restarts), the confirmation of a fee payment (its date, today unless given, and the payment's reference,
   * which staff check against the agency's receipts), the withdrawal. Recorded as the same staff actions, the
   * applicant as their actor; refused (409) as the workflow refuses them.
   */
  async step(
    a: Applicant,
    id: string,
    step: 'supplement' | 'feePayment' | 'withdraw',
    body: { text?: string; reason?: string; paymentReference?: string; paidOn?: string },
  ): Promise<PortalApplicationDetailDto> {
    const row = await this.own(a, id);
    const today = todayInChina();
    const app = { id, workflowId: row.workflow_id, status: row.status, concludedOn: row.concluded_on };
    const who = { key: `applicant:${a.email}`, actor: applicantActor(a.email) };
    const outcome =
      step === 'supplement'
        ? await this.applications.perform(app, who, 'recordSupplement', {
            supplementedOn: today,
            note: body.text,
          })
        : step === 'feePayment'
          ? await this.applications.perform(app, who, 'recordFeePayment', {
              paidOn: body.paidOn ?? today,
              note: `申请人网上确认缴费，缴费凭证号 ${body.paymentReference ?? ''}`,
            })
          : await this.applications.perform(app, who, 'withdraw', {
              withdrawnOn: today,
              reason: body.reason,
            });
    this.applications.performedOrThrow(id, outcome);
    return this.detail(a, id);
  }

  /** The applicant's applications at the agency, latest first. */
  async list(a: Applicant): Promise<PortalApplicationListDto> {
    return { items: (await applicantApplications(this.db, a.agencyId, a.email)).map(summary) };
  }
}
