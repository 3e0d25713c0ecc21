import { Injectable, NotFoundException } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import type { DataSource } from 'typeorm';
import { APPLICATION_STATUS_LABELS, type ApplicationStatus } from '../../../../libs/domain/application';
import { APPLICANT_TYPE_LABELS, type ApplicantType } from '../../../../libs/domain/applicant';
import { RECEIPT_CHANNEL_RULES, type ReceiptChannel } from '../../../../libs/domain/channel';
import { OUTCOME_LABELS, type OutcomeCode } from '../../../../libs/domain/outcome';
import { searchTerms } from '../../../../libs/domain/search';
import {
  SEARCH_COUNT_CAP,
  type SearchFilter,
  type SearchRow,
  searchAllStatement,
  searchApplications,
  searchCountStatement,
} from '../../../../platform/database/repositories/application-search';
import { agenciesByIds } from '../../../../platform/database/repositories/agencies.repository';
import { rowsOf } from '../../../../platform/database/repositories/queryable';
import { AgenciesService } from '../agencies/agencies.service';
import type { StaffUser } from '../auth/auth.types';
import { badRequest } from '../common/validation';
import {
  EXPORT_MAX_ROWS,
  type ExportColumn,
  type ExportFormat,
  cursorRows,
  exportTooLarge,
  writeList,
} from '../exports/list-export';
import type {
  ApplicationSearchItemDto,
  ApplicationSearchPageDto,
  SearchApplicationsQuery,
  SearchFiltersQuery,
} from './search.dto';

const statusLabel = (s: string) => APPLICATION_STATUS_LABELS[s as ApplicationStatus] ?? s;
const outcomeLabel = (o: string | null) => (o ? (OUTCOME_LABELS[o as OutcomeCode] ?? o) : null);

function item(r: SearchRow): ApplicationSearchItemDto {
  return { ...r, statusLabel: statusLabel(r.status), outcomeLabel: outcomeLabel(r.outcome) };
}

/** Search (检索) over the agencies the user may see, and its export (导出), issue 16. */
@Injectable()
export class SearchService {
  constructor(
    @InjectDataSource() private readonly db: DataSource,
    private readonly agencies: AgenciesService,
  ) {}

  /** The filter of a query: the agencies searched (the user's scope, or one agency of it) and the criteria. */
  private async filterOf(user: StaffUser, q: SearchFiltersQuery): Promise<SearchFilter> {
    let agencyIds: string[];
    if (q.agencyId) {
      if (!(await this.agencies.inScope(user, q.agencyId)))
        throw new NotFoundException({
          statusCode: 404,
          error: 'Not Found',
          message: `no agency with id ${q.agencyId}`,
        });
      agencyIds = [q.agencyId];
    } else {
      agencyIds = await this.agencies.scope(user);
    }
    const terms = q.q === undefined ? [] : searchTerms(q.q);
    if (q.q !== undefined && q.q.trim() !== '' && terms.length === 0)
      throw badRequest([{ field: 'q', reasons: ['检索词须含汉字、字母或数字'] }]);
    if (q.receivedFrom && q.receivedTo && q.receivedFrom > q.receivedTo)
      throw badRequest([{ field: 'receivedTo', reasons: ['收到日期的结束日不能早于开始日'] }]);
    const applicant = q.applicant?.trim() ? q.applicant.trim() : undefined;
    return {
      agencyIds,
      terms,
      applicant,
      caseNumber: q.caseNumber?.trim() || undefined,
      receivedFrom: q.receivedFrom,
      receivedTo: q.receivedTo,
      status: q.status,
      outcome: q.outcome,
      // A department (内设机构): the applications routed to it now (as lead or contributor), not sent back.
      ...(q.departmentId
        ? {
            extra: (p: (value: unknown) => string) =>
              `EXISTS (SELECT 1 FROM jsonb_array_elements(a.state #> '{routing,departments}') d
                        WHERE d->>'departmentId' = ${p(q.departmentId)} AND d->>'status' <> 'returned')`,
          }
        : {}),
    };
  }

  async search(user: StaffUser, q: SearchApplicationsQuery): Promise<ApplicationSearchPageDto> {
    const filter = await this.filterOf(user, q);
    const result = await searchApplications(
      (work) => this.db.transaction((m) => work(m)),
      filter,
      q.page,
      q.pageSize,
    );
    if (!result.exact && (q.page - 1) * q.pageSize >= SEARCH_COUNT_CAP)
      throw badRequest([
        {
          field: 'page',
          reasons: [`检索结果超过 ${SEARCH_COUNT_CAP} 条，只能浏览前 ${SEARCH_COUNT_CAP} 条；请缩小检索范围`],
        },
      ]);
    return {
      items: result.rows.map(item),
      total: result.total,
      totalExact: result.exact,
      page: q.page,
      pageSize: q.pageSize,
    };
  }

  /** The whole search result as a spreadsheet or CSV (at most EXPORT_MAX_ROWS rows). */
  async export(
    user: StaffUser,
    q: SearchFiltersQuery,
    format: ExportFormat,
  ): Promise<{ file: Buffer; rows: number }> {
    const filter = await this.filterOf(user, q);
    const count = searchCountStatement(filter, EXPORT_MAX_ROWS);
    const [{ n }] = await rowsOf<{ n: number }>(this.db, count.sql, count.parameters);
    if (n > EXPORT_MAX_ROWS) throw exportTooLarge();
    const names = new Map(
      (await agenciesByIds(this.db.manager, [...filter.agencyIds])).map((a) => [a.id, a.name]),
    );
    const columns: ExportColumn<SearchRow>[] = [
      { header: '案号', width: 18, value: (r) => r.caseNumber },
      { header: '行政机关', width: 24, value: (r) => names.get(r.agencyId) ?? r.agencyId },
      { header: '申请人', width: 16, value: (r) => r.applicantName },
      {
        header: '申请人类型',
        width: 14,
        value: (r) => APPLICANT_TYPE_LABELS[r.applicantType as ApplicantType] ?? r.applicantType,
      },
      {
        header: '收到方式',
        width: 12,
        value: (r) => RECEIPT_CHANNEL_RULES[r.channel as ReceiptChannel]?.label ?? r.channel,
      },
      { header: '收到日期', width: 12, value: (r) => r.receivedOn },
      { header: '申请内容', width: 48, value: (r) => r.informationSought },
      { header: '状态', width: 16, value: (r) => statusLabel(r.status) },
      { header: '答复期限', width: 12, value: (r) => r.replyDueOn },
      { header: '办理结果', width: 24, value: (r) => outcomeLabel(r.outcome) },
      { header: '办结日期', width: 12, value: (r) => r.concludedOn },
    ];
    const all = searchAllStatement(filter);
    return writeList(format, '申请列表', columns, cursorRows<SearchRow>(this.db, all.sql, all.parameters));
  }
}
