import { Body, Controller, Get, HttpCode, Param, Patch, Post, Query } from '@nestjs/common';
import {
  ApiBearerAuth,
  ApiConflictResponse,
  ApiCreatedResponse,
  ApiForbiddenResponse,
  ApiNotFoundResponse,
  ApiOkResponse,
  ApiOperation,
  ApiTags,
} from '@nestjs/swagger';
import { PageQuery } from '../common/page-query';
import { UuidParam } from '../common/pipes';
import {
  AccountEventPageDto,
  CreateUserDto,
  ListUsersQuery,
  ResetPasswordAnswerDto,
  ResetPasswordDto,
  UpdateUserDto,
  UserDto,
  UserPageDto,
} from './account.dto';
import { AccountsService } from './accounts.service';
import { CurrentUser, type StaffUser } from './auth.types';
import { RequireRoles } from './roles.guard';

export { CreateUserDto } from './account.dto';

/**
 * Staff accounts, for admins: those of the admin's own agency and of every agency grouped under it
 * (any depth). Accounts of other agencies answer 404.
 */
@ApiTags('users 用户')
@ApiBearerAuth()
@ApiForbiddenResponse({
  description:
    'not an admin (ROLE_REQUIRED); a role the admin may not grant (ROLE_NOT_GRANTABLE); an account holding a role the admin does not (ACCOUNT_OUT_OF_REACH)',
})
@Controller('users')
export class UsersController {
  constructor(private readonly accounts: AccountsService) {}

  @Get()
  @RequireRoles(['admin'], '管理用户')
  @ApiOperation({
    summary: '用户列表 The accounts of the admin’s agency (or `agencyId`, one under it), a page at a time',
  })
  @ApiOkResponse({ type: UserPageDto })
  list(@CurrentUser() user: StaffUser, @Query() q: ListUsersQuery): Promise<UserPageDto> {
    return this.accounts.list(user, q);
  }

  @Post()
  @RequireRoles(['admin'], '管理用户')
  @ApiOperation({
    summary:
      '新建用户 Create an account in the admin’s agency, or with `agencyId` in one under it (e.g. the first admin of a new department)',
  })
  @ApiCreatedResponse({ type: UserDto })
  @ApiConflictResponse({ description: 'the username is taken (USERNAME_TAKEN)' })
  create(@CurrentUser() user: StaffUser, @Body() dto: CreateUserDto): Promise<UserDto> {
    return this.accounts.create(user, dto);
  }

  @Get(':id')
  @RequireRoles(['admin'], '管理用户')
  @ApiOkResponse({ type: UserDto })
  @ApiNotFoundResponse({ description: 'no such account in the agencies the admin manages' })
  get(@CurrentUser() user: StaffUser, @Param('id', new UuidParam()) id: string): Promise<UserDto> {
    return this.accounts.get(user, id);
  }

  @Patch(':id')
  @RequireRoles(['admin'], '管理用户')
  @ApiOperation({ summary: '修改姓名或角色 Change the display name and/or roles' })
  @ApiOkResponse({ type: UserDto })
  @ApiConflictResponse({
    description: 'it would leave the agency without an active admin (LAST_ACTIVE_ADMIN)',
  })
  update(
    @CurrentUser() user: StaffUser,
    @Param('id', new UuidParam()) id: string,
    @Body() dto: UpdateUserDto,
  ): Promise<UserDto> {
    return this.accounts.update(user, id, dto);
  }

  @Post(':id/deactivate')
  @RequireRoles(['admin'], '管理用户')
  @HttpCode(200)
  @ApiOperation({ summary: '停用 Deactivate the account; its sessions end at once' })
  @ApiOkResponse({ type: UserDto })
  @ApiConflictResponse({
    description:
      'one’s own account (CANNOT_DEACTIVATE_SELF) or the agency’s last active admin (LAST_ACTIVE_ADMIN)',
  })
  deactivate(@CurrentUser() user: StaffUser, @Param('id', new UuidParam()) id: string): Promise<UserDto> {
    return this.accounts.deactivate(user, id);
  }

  @Post(':id/reactivate')
  @RequireRoles(['admin'], '管理用户')
  @HttpCode(200)
  @ApiOperation({ summary: '启用 Reactivate the account' })
  @ApiOkResponse({ type: UserDto })
  reactivate(@CurrentUser() user: StaffUser, @Param('id', new UuidParam()) id: string): Promise<UserDto> {
    return this.accounts.reactivate(user, id);
  }

  @Post(':id/reset-password')
  @RequireRoles(['admin'], '管理用户')
  @HttpCode(200)
  @ApiOperation({
    summary:
      '重置密码 Set a temporary password (given, or generated and answered once); sessions end; the person must set a new one at sign-in',
  })
  @ApiOkResponse({ type: ResetPasswordAnswerDto })
  @ApiConflictResponse({
    description: 'one’s own account (CANNOT_RESET_OWN_PASSWORD): use POST /auth/password',
  })
  resetPassword(
    @CurrentUser() user: StaffUser,
    @Param('id', new UuidParam()) id: string,
    @Body() dto: ResetPasswordDto,
  ): Promise<ResetPasswordAnswerDto> {
    return this.accounts.resetPassword(user, id, dto.temporaryPassword);
  }

  @Get(':id/events')
  @RequireRoles(['admin'], '管理用户')
  @ApiOperation({ summary: '账号记录 Who did what to the account, newest first' })
  @ApiOkResponse({ type: AccountEventPageDto })
  events(
    @CurrentUser() user: StaffUser,
    @Param('id', new UuidParam()) id: string,
    @Query() q: PageQuery,
  ): Promise<AccountEventPageDto> {
    return this.accounts.events(user, id, q.page, q.pageSize);
  }
}
