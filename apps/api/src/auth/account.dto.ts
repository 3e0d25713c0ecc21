/** Request bodies, queries and answers of account management (issue 10). */
import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import {
  ArrayMinSize,
  ArrayUnique,
  IsArray,
  IsIn,
  IsOptional,
  IsString,
  IsUUID,
  Length,
  Matches,
} from 'class-validator';
import { ROLES, type Role } from '../../../../libs/domain/roles';
import { PageQuery, WithAgency, WithSubAgencies } from '../common/page-query';

/** The password rule everywhere a password is set: 10 to 200 characters. */
export const PASSWORD_MIN_LENGTH = 10;
export const PASSWORD_MAX_LENGTH = 200;

/** class-validator's rule for a new password named `field`. */
function PasswordRule(field: string): PropertyDecorator {
  return Length(PASSWORD_MIN_LENGTH, PASSWORD_MAX_LENGTH, {
    message: `${field} must be ${PASSWORD_MIN_LENGTH} to ${PASSWORD_MAX_LENGTH} characters`,
  });
}

function RolesRule(): PropertyDecorator {
  return (target: object, key: string | symbol) => {
    IsArray({ message: 'roles must be an array of role names' })(target, key);
    ArrayMinSize(1, { message: 'roles must name at least one role' })(target, key);
    ArrayUnique({ message: 'roles must not repeat a role' })(target, key);
    IsIn(ROLES, { each: true, message: `roles must be among: ${ROLES.join(', ')}` })(target, key);
  };
}

export class CreateUserDto {
  @ApiProperty({ example: 'liqiang' })
  @IsString()
  @Matches(/^[a-z0-9][a-z0-9._-]{1,63}$/, {
    message: 'username must be 2–64 lowercase letters, digits, . _ or -',
  })
  username!: string;

  @ApiProperty({ example: '承办人 李强' })
  @IsString()
  @Length(1, 100, { message: 'displayName must be 1 to 100 characters' })
  displayName!: string;

  @ApiProperty({ description: 'At least 10 characters' })
  @IsString()
  @PasswordRule('password')
  password!: string;

  @ApiProperty({ enum: ROLES, isArray: true })
  @RolesRule()
  roles!: Role[];

  @ApiPropertyOptional({
    format: 'uuid',
    description:
      'The agency the account belongs to: the admin’s own (default) or one under it (e.g. the first admin of a new department)',
  })
  @IsOptional()
  @IsUUID('all', { message: 'agencyId must be a UUID' })
  agencyId?: string;
}

export class UpdateUserDto {
  @ApiPropertyOptional({ example: '承办人 李强' })
  @IsOptional()
  @IsString()
  @Length(1, 100, { message: 'displayName must be 1 to 100 characters' })
  displayName?: string;

  @ApiPropertyOptional({ enum: ROLES, isArray: true })
  @IsOptional()
  @RolesRule()
  roles?: Role[];
}

export class ResetPasswordDto {
  @ApiPropertyOptional({
    description: 'The temporary password to set (10–200 characters); without it one is generated',
  })
  @IsOptional()
  @IsString()
  @PasswordRule('temporaryPassword')
  temporaryPassword?: string;
}

export class ChangePasswordDto {
  @ApiProperty({ description: 'The password the user signs in with now' })
  @IsString()
  @Length(1, PASSWORD_MAX_LENGTH, { message: 'currentPassword must be given' })
  currentPassword!: string;

  @ApiProperty({ description: 'The new password, 10–200 characters, different from the current one' })
  @IsString()
  @PasswordRule('newPassword')
  newPassword!: string;
}

export class ListUsersQuery extends WithSubAgencies(WithAgency(PageQuery)) {
  @ApiPropertyOptional({ description: 'true: only active accounts; false: only deactivated ones' })
  @IsOptional()
  @IsIn(['true', 'false'], { message: 'active must be true or false' })
  active?: string;
}

export class UserDto {
  @ApiProperty({ format: 'uuid' }) id!: string;
  @ApiProperty({ format: 'uuid' }) agencyId!: string;
  @ApiProperty() agencyName!: string;
  @ApiProperty() username!: string;
  @ApiProperty() displayName!: string;
  @ApiProperty({ enum: ROLES, isArray: true }) roles!: Role[];
  @ApiProperty({ description: 'false once deactivated (停用): no sign-in, no session' }) active!: boolean;
  @ApiProperty({ description: 'true after a password reset until the person sets a new password' })
  mustChangePassword!: boolean;
  @ApiProperty({ type: String, format: 'date-time', nullable: true }) lastSignInAt!: string | null;
  @ApiProperty({ type: String, format: 'date-time' }) createdAt!: string;
}

export class UserPageDto {
  @ApiProperty({ type: [UserDto] }) items!: UserDto[];
  @ApiProperty() total!: number;
  @ApiProperty() page!: number;
  @ApiProperty() pageSize!: number;
}

export const ACCOUNT_EVENT_KINDS = [
  'created',
  'updated',
  'deactivated',
  'reactivated',
  'password_reset',
  'password_changed',
] as const;
export type AccountEventKind = (typeof ACCOUNT_EVENT_KINDS)[number];

export const ACCOUNT_EVENT_LABELS: Record<AccountEventKind, string> = {
  created: '创建账号',
  updated: '修改姓名或角色',
  deactivated: '停用',
  reactivated: '启用',
  password_reset: '重置密码',
  password_changed: '本人修改密码',
};

export class AccountEventDto {
  @ApiProperty() id!: string;
  @ApiProperty({ enum: ACCOUNT_EVENT_KINDS }) kind!: AccountEventKind;
  @ApiProperty({ description: '中文说明' }) kindLabel!: string;
  @ApiProperty({ description: 'Who did it: 姓名（用户名）' }) actor!: string;
  @ApiProperty({
    description: 'What changed, e.g. { roles: { from, to } }; never a password',
    type: 'object',
    additionalProperties: true,
  })
  detail!: Record<string, unknown>;
  @ApiProperty({ type: String, format: 'date-time' }) at!: string;
}

export class AccountEventPageDto {
  @ApiProperty({ type: [AccountEventDto] }) items!: AccountEventDto[];
  @ApiProperty() total!: number;
  @ApiProperty() page!: number;
  @ApiProperty() pageSize!: number;
}

export class ResetPasswordAnswerDto {
  @ApiProperty({ type: UserDto }) user!: UserDto;
  @ApiProperty({
    description: 'The temporary password, shown this once; the person must change it at sign-in',
  })
  temporaryPassword!: string;
}

/** The signed-in staff member (GET /api/auth/me, and the user of a sign-in). */
export class StaffUserDto {
  @ApiProperty({ format: 'uuid' }) id!: string;
  @ApiProperty({ format: 'uuid' }) agencyId!: string;
  @ApiProperty() username!: string;
  @ApiProperty() displayName!: string;
  @ApiProperty({ enum: ROLES, isArray: true, description: 'Agency roles (empty only for a platform admin)' })
  roles!: Role[];
  @ApiPropertyOptional({
    description:
      'true after a password reset: every call but the password change, me and sign-out is refused',
  })
  mustChangePassword?: boolean;
  @ApiProperty({ description: '平台管理员 (not an agency role): may enter the national calendar' })
  platformAdmin!: boolean;
}

export class SignInAnswerDto {
  @ApiProperty({ description: 'The session token, for `Authorization: Bearer <token>`' }) token!: string;
  @ApiProperty({ format: 'date-time', description: 'The absolute end of the session' }) expiresAt!: string;
  @ApiProperty({ type: StaffUserDto }) user!: StaffUserDto;
}

export class DemoAccountDto {
  @ApiProperty() username!: string;
  @ApiProperty({ description: 'The published demo password (README)' }) password!: string;
  @ApiProperty() displayName!: string;
  @ApiProperty({ type: [String], description: 'Role names (agency roles or platform_admin)' })
  roles!: string[];
}

export class SignInOptionsDto {
  @ApiProperty({ description: 'true when the demo is on and its accounts exist' }) demo!: boolean;
  @ApiProperty({ type: [DemoAccountDto], description: 'Empty unless the demo is on' })
  demoAccounts!: DemoAccountDto[];
}

export class SignedOutDto {
  @ApiProperty({ type: Boolean, description: 'always true' }) signedOut!: true;
}

export class PasswordChangedDto {
  @ApiProperty({ type: Boolean, description: 'always true' }) changed!: true;
}
