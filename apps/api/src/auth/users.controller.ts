import { Body, Controller, Get, Post } from '@nestjs/common';
import { ApiBearerAuth, ApiCreatedResponse, ApiOperation, ApiProperty, ApiTags } from '@nestjs/swagger';
import { InjectDataSource } from '@nestjs/typeorm';
import { ArrayMinSize, ArrayUnique, IsArray, IsIn, IsString, Length, Matches } from 'class-validator';
import type { DataSource } from 'typeorm';
import { PLATFORM_ROLE_LABELS, ROLES, type Role } from '../../../../libs/domain/roles';
import { hashPassword } from '../../../../platform/passwords';
import { ConflictError, ForbiddenError } from '../common/http-exception.filter';
import { CurrentUser, type StaffUser } from './auth.types';

export class CreateUserDto {
  @ApiProperty({ example: 'liqiang' })
  @IsString()
  @Matches(/^[a-z0-9][a-z0-9._-]{1,63}$/, {
    message: 'username must be 2–64 lowercase letters, digits, . _ or -',
  })
  username!: string;

  @ApiProperty({ example: '承办人 李强' })
  @IsString()
  @Length(1, 100)
  displayName!: string;

  @ApiProperty({ description: 'At least 10 characters' })
  @IsString()
  @Length(10, 200, { message: 'password must be 10 to 200 characters' })
  password!: string;

  @ApiProperty({ enum: ROLES, isArray: true })
  @IsArray()
  @ArrayMinSize(1, { message: 'roles must name at least one role' })
  @ArrayUnique()
  @IsIn(ROLES, { each: true, message: `roles must be among: ${ROLES.join(', ')}` })
  roles!: Role[];
}

export function requireRole(user: StaffUser, role: Role, what: string): void {
  if (!user.roles.includes(role)) {
    throw new ForbiddenError('ROLE_REQUIRED', `${what}需要“${role}”角色`);
  }
}

/** The platform administrator's work (平台管理员): no agency role grants it. */
export function requirePlatformAdmin(user: StaffUser, what: string): void {
  if (!user.platformAdmin) {
    throw new ForbiddenError(
      'PLATFORM_ADMIN_REQUIRED',
      `${what}需要“${PLATFORM_ROLE_LABELS.platform_admin}”（platform_admin）角色：全国节假日安排由平台统一录入，机关管理员不能录入`,
    );
  }
}

@ApiTags('users 用户')
@ApiBearerAuth()
@Controller('users')
export class UsersController {
  constructor(@InjectDataSource() private readonly db: DataSource) {}

  @Get()
  @ApiOperation({ summary: 'The staff accounts of the admin’s agency' })
  async list(@CurrentUser() user: StaffUser) {
    requireRole(user, 'admin', '管理用户');
    return this.db.query(
      `SELECT id, username, display_name AS "displayName", roles, active FROM users WHERE agency_id = $1 ORDER BY username`,
      [user.agencyId],
    );
  }

  @Post()
  @ApiOperation({ summary: 'Create a staff account in the admin’s agency' })
  @ApiCreatedResponse({ description: 'the account' })
  async create(@CurrentUser() user: StaffUser, @Body() dto: CreateUserDto) {
    requireRole(user, 'admin', '管理用户');
    const rows = (await this.db.query(
      `INSERT INTO users (agency_id, username, display_name, password_hash, roles) VALUES ($1, $2, $3, $4, $5)
       ON CONFLICT (username) DO NOTHING RETURNING id, username, display_name AS "displayName", roles, active`,
      [user.agencyId, dto.username, dto.displayName.trim(), await hashPassword(dto.password), dto.roles],
    )) as unknown[];
    if (!rows.length) throw new ConflictError('USERNAME_TAKEN', `用户名“${dto.username}”已被使用`);
    return rows[0];
  }
}
