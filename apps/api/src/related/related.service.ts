import { HttpException, Injectable, NotFoundException } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import type { DataSource } from 'typeorm';
import { type ApplicationStatus, APPLICATION_STATUS_LABELS } from '../../../../libs/domain/application';
import { OUTCOME_LABELS, type OutcomeCode } from '../../../../libs/domain/outcome';
import { MAX_CANDIDATES, MAX_SUGGESTIONS, rankBySimilarity } from '../../../../libs/domain/related';
import {
  type ApplicantLookup,
  type ApplicationBriefRow,
  type LinkRow,
  applicantCandidates,
  applicationBriefs,
  applicationByCaseNumber,
  insertLink,
  linksOf,
  removeLink,
} from '../../../../platform/database/repositories/related.repository';
import { type StaffUser, actorOf } from '../auth/auth.types';
import { AgenciesService } from '../agencies/agencies.service';
import { ApplicationsService } from '../applications/applications.service';
import { ConflictError } from '../common/http-exception.filter';
import { badRequest } from '../common/validation';
import type {
  CreateLinkDto,
  DraftLinkedDecisionDto,
  DraftLinkedResultDto,
  DraftResultDto,
  LinkedApplicationDto,
  LinksDto,
  RelatedApplicationDto,
  SuggestionListDto,
  SuggestionQueryDto,
} from './related.dto';

/**
 * The reply as a repeated-application decision cites it: the 答复书's number and date, and the day it was
 * delivered (the application's conclusion) when that is another day.
 */
function citationOf(a: ApplicationBriefRow): string {
  const parts = [a.replyNumber ? `答复书${a.replyNumber}` : `受理编号${a.caseNumber}的答复`];
  if (a.replyIssuedOn) parts.push(a.replyIssuedOn);
  if (a.status === 'delivered' && a.concludedOn && a.concludedOn !== a.replyIssuedOn)
    parts.push(`${a.concludedOn}送达`);
  return parts.join('，');
}

function related(a: ApplicationBriefRow): RelatedApplicationDto {
  const d = a.decision;
  return {
    id: a.id,
    caseNumber: a.caseNumber,
    receivedOn: a.receivedOn,
    informationSought: a.informationSought,
    status: a.status,
    statusLabel: APPLICATION_STATUS_LABELS[a.status as ApplicationStatus] ?? a.status,
    outcome: a.outcome,
    outcomeLabel: a.outcome ? (OUTCOME_LABELS[a.outcome as OutcomeCode] ?? a.outcome) : null,
    concludedOn: a.concludedOn,
    reply: d?.outcome
      ? {
          outcome: d.outcome,
          outcomeLabel: OUTCOME_LABELS[d.outcome as OutcomeCode] ?? d.outcome,
          legalGround: d.legalGround ?? '',
          notes: d.notes ?? null,
          number: a.replyNumber,
          issuedOn: a.replyIssuedOn,
          approved: d.approved === true,
          citation: citationOf(a),
        }
      : a.outcome && a.concludedOn
        ? {
            // An imported or lapsed conclusion: its outcome and date are the reply on record.
            outcome: a.outcome,
            outcomeLabel: OUTCOME_LABELS[a.outcome as OutcomeCode] ?? a.outcome,
            legalGround: '',
            notes: null,
            number: a.replyNumber,
            issuedOn: a.replyIssuedOn,
            approved: true,
            citation: citationOf(a),
          }
        : null,
    citable: a.status === 'delivered' && a.outcome !== null && a.concludedOn !== null,
  };
}

/**
 * Related and repeated applications (issue 16): suggestions of the applicant's earlier applications with
 * similar information sought (ranked in the domain, libs/domain/related.ts), staff's links between
 * applications (kept when removed; their history shows in the timeline beside the workflow's events,
 * which they leave alone), and one draft decision for linked applications, each through its own workflow.
 */
@Injectable()
export class RelatedService {
  constructor(
    @InjectDataSource() private readonly db: DataSource,
    private readonly agencies: AgenciesService,
    private readonly applications: ApplicationsService,
  ) {}

  /** Suggestions while registering: the user's agency, the applicant and the information as typed so far. */
  async suggestForRegistration(user: StaffUser, q: SuggestionQueryDto): Promise<SuggestionListDto> {
    return this.suggest(
      {
        agencyId: user.agencyId,
        applicantName: q.applicantName ?? '',
        applicantIdNumber: q.applicantIdNumber ?? null,
        applicantContact: q.applicantContact ?? null,
      },
      q.informationSought,
      null,
    );
  }

  /** Suggestions for an application: its applicant's other applications, marked when already linked. */
  async suggestFor(user: StaffUser, id: string): Promise<SuggestionListDto> {
    const app = await this.applicationOr404(user, id);
    return this.suggest(app, app.informationSought, app.id);
  }

  private async suggest(
    applicant: ApplicantLookup,
    informationSought: string,
    excludeId: string | null,
  ): Promise<SuggestionListDto> {
    const matchedBy = applicant.applicantIdNumber?.trim()
      ? 'id_number'
      : applicant.applicantContact?.trim() && applicant.applicantName.trim()
        ? 'name_and_contact'
        : 'none';
    if (matchedBy === 'none') return { items: [], compared: 0, matchedBy };
    const candidates = await applicantCandidates(this.db, applicant, { excludeId, limit: MAX_CANDIDATES });
    const ranked = rankBySimilarity(informationSought, candidates, { limit: MAX_SUGGESTIONS });
    const briefs = new Map(
      (
        await applicationBriefs(
          this.db,
          ranked.map((r) => r.id),
        )
      ).map((b) => [b.id, b]),
    );
    const linked = excludeId ? this.currentlyLinked(await linksOf(this.db, excludeId), excludeId) : new Set();
    const items = ranked.flatMap((r) => {
      const b = briefs.get(r.id);
      return b ? [{ ...related(b), similarity: r.similarity, linked: linked.has(r.id) }] : [];
    });
    return { items, compared: candidates.length, matchedBy };
  }

  private currentlyLinked(links: LinkRow[], id: string): Set<string> {
    return new Set(links.filter((l) => !l.unlinkedAt).map((l) => (l.lowId === id ? l.highId : l.lowId)));
  }

  async links(user: StaffUser, id: string): Promise<LinksDto> {
    await this.applicationOr404(user, id);
    return this.linksAnswer(id);
  }

  private async linksAnswer(id: string): Promise<LinksDto> {
    const links = await linksOf(this.db, id);
    const other = (l: LinkRow) => (l.lowId === id ? l.highId : l.lowId);
    const briefs = new Map(
      (await applicationBriefs(this.db, [...new Set(links.map(other))])).map((b) => [b.id, b]),
    );
    const items: LinkedApplicationDto[] = links
      .filter((l) => !l.unlinkedAt && briefs.has(other(l)))
      .map((l) => ({
        ...related(briefs.get(other(l))!),
        linkReason: l.reason,
        linkedBy: l.linkedBy,
        linkedAt: l.linkedAt.toISOString(),
      }));
    const history = links
      .flatMap((l) => {
        const caseNumber = briefs.get(other(l))?.caseNumber ?? '';
        const linked = {
          type: 'linked' as const,
          typeLabel: '关联申请',
          applicationId: other(l),
          caseNumber,
          actor: l.linkedBy,
          occurredAt: l.linkedAt.toISOString(),
          reason: l.reason,
        };
        return l.unlinkedAt
          ? [
              linked,
              {
                type: 'unlinked' as const,
                typeLabel: '取消关联申请',
                applicationId: other(l),
                caseNumber,
                actor: l.unlinkedBy ?? '',
                occurredAt: l.unlinkedAt.toISOString(),
                reason: l.unlinkReason,
              },
            ]
          : [linked];
      })
      .sort((a, b) => (a.occurredAt < b.occurredAt ? -1 : a.occurredAt > b.occurredAt ? 1 : 0));
    return { items, history };
  }

  /** Links the application with another of the same agency (409 when they are linked already). */
  async link(user: StaffUser, id: string, dto: CreateLinkDto): Promise<LinksDto> {
    const app = await this.applicationOr404(user, id);
    const other = dto.applicationId
      ? ((await applicationBriefs(this.db, [dto.applicationId]))[0] ?? null)
      : await applicationByCaseNumber(this.db, app.agencyId, dto.caseNumber!.trim());
    const field = dto.applicationId ? 'applicationId' : 'caseNumber';
    if (!other || other.agencyId !== app.agencyId)
      throw badRequest([{ field, reasons: ['本机关没有该申请（只能关联同一机关的申请）'] }]);
    if (other.id === app.id) throw badRequest([{ field, reasons: ['不能与本申请自身关联'] }]);
    const row = await insertLink(this.db, {
      agencyId: app.agencyId,
      a: app.id,
      b: other.id,
      reason: dto.reason?.trim() || null,
      linkedBy: actorOf(user),
    });
    if (!row) throw new ConflictError('ALREADY_LINKED', `已与申请 ${other.caseNumber} 关联`);
    return this.linksAnswer(id);
  }

  async unlink(user: StaffUser, id: string, otherId: string, reason?: string): Promise<LinksDto> {
    await this.applicationOr404(user, id);
    const row = await removeLink(this.db, {
      a: id,
      b: otherId,
      reason: reason?.trim() || null,
      unlinkedBy: actorOf(user),
    });
    if (!row)
      throw new NotFoundException({
        statusCode: 404,
        error: 'Not Found',
        message: `application ${id} is not linked to ${otherId}`,
      });
    return this.linksAnswer(id);
  }

  /**
   * 一并答复: the same draft for the application and the linked applications named (default: every linked
   * one still open), each through its own workflow with its own checks, deadline and count. Answers one
   * result per application; one refused does not stop the others.
   */
  async draftLinked(user: StaffUser, id: string, dto: DraftLinkedDecisionDto): Promise<DraftLinkedResultDto> {
    const app = await this.applicationOr404(user, id);
    const { applicationIds, ...draft } = dto;
    const linked = this.currentlyLinked(await linksOf(this.db, id), id);
    const others = await applicationBriefs(this.db, [...linked]);
    let targets: ApplicationBriefRow[];
    if (applicationIds) {
      const unknown = applicationIds.filter((a) => a !== id && !linked.has(a));
      if (unknown.length)
        throw badRequest([
          { field: 'applicationIds', reasons: [`not linked to this application: ${unknown.join(', ')}`] },
        ]);
      targets = others.filter((o) => applicationIds.includes(o.id));
    } else {
      targets = others.filter((o) => o.status === 'under_review');
    }
    targets.sort((a, b) => (a.caseNumber < b.caseNumber ? -1 : 1));
    const results: DraftResultDto[] = [];
    for (const target of [app, ...targets]) {
      try {
        const answer = await this.applications.draftDecision(user, target.id, { ...draft });
        results.push({
          applicationId: target.id,
          caseNumber: target.caseNumber,
          ok: true,
          status: answer.status,
          errorStatus: null,
          errorCode: null,
          error: null,
        });
      } catch (err) {
        if (!(err instanceof HttpException)) throw err;
        const body = err.getResponse() as { code?: string; message?: string | string[] } | string;
        const message =
          typeof body === 'string'
            ? body
            : Array.isArray(body.message)
              ? body.message.join('; ')
              : body.message;
        results.push({
          applicationId: target.id,
          caseNumber: target.caseNumber,
          ok: false,
          status: target.status,
          errorStatus: err.getStatus(),
          errorCode: typeof body === 'string' ? null : (body.code ?? null),
          error: message ?? err.message,
        });
      }
    }
    return { results };
  }

  /** The application if it is of the user's agencies; 404 alike for others. */
  private async applicationOr404(user: StaffUser, id: string): Promise<ApplicationBriefRow> {
    const [app] = await applicationBriefs(this.db, [id]);
    if (!app || !(await this.agencies.inScope(user, app.agencyId)))
      throw new NotFoundException({
        statusCode: 404,
        error: 'Not Found',
        message: `no application with id ${id}`,
      });
    return app;
  }
}
