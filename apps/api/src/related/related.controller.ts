import { Body, Controller, Delete, Get, HttpCode, Module, Param, Post, Query } from '@nestjs/common';
import {
  ApiBadRequestResponse,
  ApiBearerAuth,
  ApiConflictResponse,
  ApiForbiddenResponse,
  ApiNotFoundResponse,
  ApiOkResponse,
  ApiOperation,
  ApiTags,
} from '@nestjs/swagger';
import { CurrentUser, type StaffUser } from '../auth/auth.types';
import { RequireAction, RequireRoles, roleNotAllowed } from '../auth/roles.guard';
import { ROLES } from '../../../../libs/domain/roles';
import { AgenciesModule } from '../agencies/agencies.module';
import { ApplicationsModule } from '../applications/applications.module';
import { AcceptsIdempotencyKey } from '../common/idempotency';
import { UuidParam } from '../common/pipes';
import { RelatedService } from './related.service';
import {
  CreateLinkDto,
  DraftLinkedDecisionDto,
  DraftLinkedResultDto,
  LinksDto,
  RemoveLinkQuery,
  SuggestionListDto,
  SuggestionQueryDto,
} from './related.dto';

/** Who may link applications: those who handle them. */
const LINK_ROLES = ['registrar', 'handler', 'reviewer'] as const;

@ApiTags('related 关联申请与重复申请')
@ApiBearerAuth()
@Controller('applications')
export class RelatedController {
  constructor(private readonly related: RelatedService) {}

  @Post('suggestions')
  @HttpCode(200)
  @RequireRoles(ROLES, '查询同一申请人的相似申请')
  @ApiOperation({
    summary: '相似申请 Earlier applications of the same applicant with similar information sought',
    description:
      'For the registration form, before saving: the applicant is matched by certificate number, or without one by name and contact, at the signed-in user’s agency; the latest 500 of their applications are compared by character bigrams (Dice) and the 5 most alike (≥ 0.3) answered with their outcome, concluded date and reply.',
  })
  @ApiOkResponse({ type: SuggestionListDto })
  @ApiBadRequestResponse({ description: 'a field is malformed (each field named with its reason)' })
  suggest(@CurrentUser() user: StaffUser, @Body() dto: SuggestionQueryDto): Promise<SuggestionListDto> {
    return this.related.suggestForRegistration(user, dto);
  }

  @Get(':id/suggestions')
  @ApiOperation({
    summary: '相似申请 The applicant’s other applications at the agency with similar information sought',
  })
  @ApiOkResponse({ type: SuggestionListDto })
  @ApiNotFoundResponse({ description: 'no such application' })
  suggestFor(
    @CurrentUser() user: StaffUser,
    @Param('id', new UuidParam()) id: string,
  ): Promise<SuggestionListDto> {
    return this.related.suggestFor(user, id);
  }

  @Get(':id/links')
  @ApiOperation({
    summary:
      '关联申请 The applications linked to this one, with their status and outcome, and the links’ history',
  })
  @ApiOkResponse({ type: LinksDto })
  @ApiNotFoundResponse({ description: 'no such application' })
  links(@CurrentUser() user: StaffUser, @Param('id', new UuidParam()) id: string): Promise<LinksDto> {
    return this.related.links(user, id);
  }

  @Post(':id/links')
  @HttpCode(200)
  @RequireRoles(LINK_ROLES, roleNotAllowed(LINK_ROLES, '关联申请'))
  @ApiOperation({ summary: '关联申请 Link another application of the same agency to this one' })
  @ApiOkResponse({ type: LinksDto, description: 'the links as they now stand' })
  @ApiBadRequestResponse({ description: 'no such application at the agency (field named)' })
  @ApiNotFoundResponse({ description: 'no such application' })
  @ApiConflictResponse({ description: 'ALREADY_LINKED' })
  @ApiForbiddenResponse({ description: 'the signed-in user’s roles do not allow it' })
  link(
    @CurrentUser() user: StaffUser,
    @Param('id', new UuidParam()) id: string,
    @Body() dto: CreateLinkDto,
  ): Promise<LinksDto> {
    return this.related.link(user, id, dto);
  }

  @Delete(':id/links/:otherId')
  @RequireRoles(LINK_ROLES, roleNotAllowed(LINK_ROLES, '取消关联申请'))
  @ApiOperation({ summary: '取消关联 Remove the link (kept in the history with who, when and why)' })
  @ApiOkResponse({ type: LinksDto, description: 'the links as they now stand' })
  @ApiNotFoundResponse({ description: 'no such application, or not linked' })
  @ApiForbiddenResponse({ description: 'the signed-in user’s roles do not allow it' })
  unlink(
    @CurrentUser() user: StaffUser,
    @Param('id', new UuidParam()) id: string,
    @Param('otherId', new UuidParam()) otherId: string,
    @Query() q: RemoveLinkQuery,
  ): Promise<LinksDto> {
    return this.related.unlink(user, id, otherId, q.reason);
  }

  @Post(':id/draft-decision-linked')
  @HttpCode(200)
  @RequireAction('draftDecision')
  @AcceptsIdempotencyKey()
  @ApiOperation({
    summary: '一并答复 Draft the same decision for this application and its linked open applications',
    description:
      'Each application gets the draft through its own workflow (its own checks, deadline and count in the report); one refused does not stop the others. Answers one result per application, this one first.',
  })
  @ApiOkResponse({ type: DraftLinkedResultDto })
  @ApiBadRequestResponse({
    description: 'a field is missing or malformed (each field named with its reason)',
  })
  @ApiNotFoundResponse({ description: 'no such application' })
  @ApiForbiddenResponse({ description: 'the signed-in user’s roles do not allow drafting' })
  draftLinked(
    @CurrentUser() user: StaffUser,
    @Param('id', new UuidParam()) id: string,
    @Body() dto: DraftLinkedDecisionDto,
  ): Promise<DraftLinkedResultDto> {
    return this.related.draftLinked(user, id, dto);
  }
}

@Module({
  imports: [AgenciesModule, ApplicationsModule],
  controllers: [RelatedController],
  providers: [RelatedService],
})
export class RelatedModule {}
