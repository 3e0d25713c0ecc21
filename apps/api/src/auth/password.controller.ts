import { Body, Controller, Headers, HttpCode, Post } from '@nestjs/common';
import { ApiBadRequestResponse, ApiBearerAuth, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { ChangePasswordDto, PasswordChangedDto } from './account.dto';
import { AccountsService } from './accounts.service';
import { AllowedBeforePasswordChange, CurrentUser, type StaffUser } from './auth.types';

/** Everyone changes their own password (issue 10); also the way out of a reset's must-change. */
@ApiTags('auth 登录')
@ApiBearerAuth()
@Controller('auth')
export class PasswordController {
  constructor(private readonly accounts: AccountsService) {}

  @Post('password')
  @HttpCode(200)
  @AllowedBeforePasswordChange()
  @ApiOperation({
    summary:
      '修改密码 Change one’s own password; the other sessions of the user end, this one stays; clears a reset’s must-change',
  })
  @ApiOkResponse({ type: PasswordChangedDto })
  @ApiBadRequestResponse({
    description: 'the current password is wrong (WRONG_CURRENT_PASSWORD), the new one too short or unchanged',
  })
  change(
    @CurrentUser() user: StaffUser,
    @Headers('authorization') header: string,
    @Body() dto: ChangePasswordDto,
  ): Promise<PasswordChangedDto> {
    return this.accounts.changeOwnPassword(
      user,
      header.replace(/^Bearer\s+/i, ''),
      dto.currentPassword,
      dto.newPassword,
    );
  }
}
