import { Controller, Get, Module } from '@nestjs/common';
import { ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { APPLICANT_TYPES, APPLICANT_TYPE_LABELS } from '../../../../libs/domain/applicant';
import { RECEIPT_CHANNELS, RECEIPT_CHANNEL_RULES } from '../../../../libs/domain/channel';
import { DRAFTABLE_OUTCOMES, OUTCOME_CODES, OUTCOME_LABELS } from '../../../../libs/domain/outcome';
import {
  APPLICATION_STATUSES,
  APPLICATION_STATUS_LABELS,
  DELIVERY_METHODS,
  DELIVERY_METHOD_LABELS,
} from '../../../../libs/domain/application';
import { ReferenceDto } from './reference.dto';

@ApiTags('reference 代码表')
@Controller('reference')
export class ReferenceController {
  @Get()
  @ApiOperation({
    summary:
      'Code lists with their Chinese labels: applicant types, channels (with the receipt-date rule), outcomes, statuses, delivery methods',
  })
  @ApiOkResponse({ type: ReferenceDto, description: 'the code lists' })
  get(): ReferenceDto {
    return {
      applicantTypes: APPLICANT_TYPES.map((code) => ({ code, label: APPLICANT_TYPE_LABELS[code] })),
      channels: RECEIPT_CHANNELS.map((code) => ({ code, ...RECEIPT_CHANNEL_RULES[code] })),
      outcomes: OUTCOME_CODES.map((code) => ({
        code,
        label: OUTCOME_LABELS[code],
        draftable: DRAFTABLE_OUTCOMES.includes(code),
      })),
      statuses: APPLICATION_STATUSES.map((code) => ({ code, label: APPLICATION_STATUS_LABELS[code] })),
      deliveryMethods: DELIVERY_METHODS.map((code) => ({ code, label: DELIVERY_METHOD_LABELS[code] })),
    };
  }
}

@Module({ controllers: [ReferenceController] })
export class ReferenceModule {}
