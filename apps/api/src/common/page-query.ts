/**
 * The query parameters list and report endpoints share: `page`/`pageSize`, and the mixins `WithAgency`
 * (agencyId), `WithSubAgencies` (includeSubAgencies), `WithReportYear` (the required report year) and
 * `WithYearFilter` (an optional year filter). A query DTO is composed of them, e.g.
 * `class CarryOverQuery extends WithSubAgencies(WithAgency(PageQuery)) {}`; class-validator,
 * class-transformer and @nestjs/swagger read the decorators through the class chain.
 */
import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { IsIn, IsInt, IsOptional, IsUUID, Max, Min } from 'class-validator';

/** `page` and `pageSize` of a list endpoint (up to 200 items a page, 50 by default). */
export class PageQuery {
  @ApiPropertyOptional({ default: 1 })
  @IsOptional()
  @Type(() => Number)
  @IsInt({ message: 'page must be a whole number' })
  @Min(1)
  page: number = 1;

  @ApiPropertyOptional({ default: 50, maximum: 200 })
  @IsOptional()
  @Type(() => Number)
  @IsInt({ message: 'pageSize must be a whole number' })
  @Min(1)
  @Max(200)
  pageSize: number = 50;
}

/** The base of a query without pages. */
export class NoQuery {}

/** A class a query mixin extends (TypeScript wants a mixin's base to take `any[]`). */
// eslint-disable-next-line @typescript-eslint/no-explicit-any
export type QueryClass = new (...args: any[]) => object;

/** `agencyId`: an agency under the user's (default: the user's own). */
export function WithAgency<B extends QueryClass>(Base: B) {
  class AgencyQuery extends Base {
    @ApiPropertyOptional({
      format: 'uuid',
      description: 'An agency under the user’s (default: the user’s own)',
    })
    @IsOptional()
    @IsUUID('all', { message: 'agencyId must be a UUID' })
    agencyId?: string;
  }
  return AgencyQuery;
}

/** `includeSubAgencies`: 'true' takes in every agency grouped under the agency as well. */
export function WithSubAgencies<B extends QueryClass>(Base: B) {
  class SubAgenciesQuery extends Base {
    @ApiPropertyOptional({ description: 'Roll up the agency and every agency grouped under it (true/false)' })
    @IsOptional()
    @IsIn(['true', 'false'], { message: 'includeSubAgencies must be true or false' })
    includeSubAgencies?: string;
  }
  return SubAgenciesQuery;
}

/** `year`, required: the report year, from 2008 (the first OGI Regulations) to 2100. */
export function WithReportYear<B extends QueryClass>(Base: B) {
  class ReportYearQuery extends Base {
    @ApiProperty({ description: 'The report year' })
    @Type(() => Number)
    @IsInt({ message: 'year must be a whole number' })
    @Min(2008, { message: 'year must be from 2008 to 2100' })
    @Max(2100, { message: 'year must be from 2008 to 2100' })
    year!: number;
  }
  return ReportYearQuery;
}

/** `year`, optional: a filter on the list, from 2000 to 2100; `description` says what it keeps. */
export function WithYearFilter<B extends QueryClass>(Base: B, description: string) {
  class YearFilterQuery extends Base {
    @ApiPropertyOptional({ description })
    @IsOptional()
    @Type(() => Number)
    @IsInt({ message: 'year must be a whole number' })
    @Min(2000, { message: 'year must be from 2000 to 2100' })
    @Max(2100, { message: 'year must be from 2000 to 2100' })
    year?: number;
  }
  return YearFilterQuery;
}

/** agencyId and includeSubAgencies (an agency's report, alone or rolled up). */
export class AgencyScopeQuery extends WithSubAgencies(WithAgency(NoQuery)) {}

/** agencyId and the report year. */
export class ReportYearQuery extends WithReportYear(WithAgency(NoQuery)) {}

/** agencyId, the report year and includeSubAgencies (a report table, alone or rolled up). */
export class ReportYearScopeQuery extends WithSubAgencies(ReportYearQuery) {}
