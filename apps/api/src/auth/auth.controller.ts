import { Body, Controller, Get, Headers, HttpCode, Post, Req } from '@nestjs/common';
import {
  ApiBearerAuth,
  ApiOkResponse,
  ApiOperation,
  ApiProperty,
  ApiTags,
  ApiTooManyRequestsResponse,
  ApiUnauthorizedResponse,
} from '@nestjs/swagger';
import type { FastifyRequest } from 'fastify';
import { IsString, Length } from 'class-validator';
import { AuthService } from './auth.service';
import { DemoAccounts } from './demo-accounts';
import { SignInAnswerDto, SignInOptionsDto, SignedOutDto, StaffUserDto } from './account.dto';
import { AllowedBeforePasswordChange, CurrentUser, Public, type StaffUser } from './auth.types';

export class SignInDto {
  @ApiProperty({ example: 'chengban' })
  @IsString()
  @Length(1, 64)
  username!: string;

  @ApiProperty({ example: 'demo-chengban' })
  @IsString()
  @Length(1, 200)
  password!: string;
}

@ApiTags('auth 登录')
@Controller('auth')
export class AuthController {
  constructor(
    private readonly auth: AuthService,
    private readonly demo: DemoAccounts,
  ) {}

  @Public()
  @Post('sign-in')
  @HttpCode(200)
  @ApiOperation({ summary: '登录 Sign in; answers a session token for `Authorization: Bearer <token>`' })
  @ApiOkResponse({
    type: SignInAnswerDto,
    description: 'token, its expiry, and the user with agency and roles',
  })
  @ApiUnauthorizedResponse({
    description: 'wrong username or password (the same answer for an unknown user)',
  })
  @ApiTooManyRequestsResponse({
    description:
      'too many failed sign-ins for this username or from this address within the window (`Retry-After` in seconds)',
  })
  signIn(@Body() dto: SignInDto, @Req() request: FastifyRequest): Promise<SignInAnswerDto> {
    return this.auth.signIn(dto.username, dto.password, request.ip);
  }

  @Public()
  @Get('sign-in-options')
  @ApiOperation({ summary: '登录页选项 Whether demo accounts are on (and which), for the sign-in page' })
  @ApiOkResponse({
    type: SignInOptionsDto,
    description: '`demo` and `demoAccounts` (empty unless the demo is on)',
  })
  signInOptions(): Promise<SignInOptionsDto> {
    return this.demo.signInOptions();
  }

  @Post('sign-out')
  @HttpCode(200)
  @AllowedBeforePasswordChange()
  @ApiBearerAuth()
  @ApiOperation({ summary: '退出 End this session' })
  @ApiOkResponse({ type: SignedOutDto })
  async signOut(@Headers('authorization') header: string): Promise<SignedOutDto> {
    await this.auth.signOut(header.replace(/^Bearer\s+/i, ''));
    return { signedOut: true };
  }

  @Get('me')
  @AllowedBeforePasswordChange()
  @ApiBearerAuth()
  @ApiOperation({ summary: 'The signed-in user' })
  @ApiOkResponse({ type: StaffUserDto })
  me(@CurrentUser() user: StaffUser): StaffUserDto {
    return user;
  }
}
