/** Response shape of the code lists (代码表). */
import { ApiProperty } from '@nestjs/swagger';
import { APPLICANT_TYPES, type ApplicantType } from '../../../../libs/domain/applicant';
import { RECEIPT_CHANNELS, type ReceiptChannel } from '../../../../libs/domain/channel';
import { OUTCOME_CODES, type OutcomeCode } from '../../../../libs/domain/outcome';
import {
  APPLICATION_STATUSES,
  type ApplicationStatus,
  DELIVERY_METHODS,
  type DeliveryMethod,
} from '../../../../libs/domain/application';

export class ApplicantTypeCodeDto {
  @ApiProperty({ enum: APPLICANT_TYPES }) code!: ApplicantType;
  @ApiProperty() label!: string;
}

export class ChannelCodeDto {
  @ApiProperty({ enum: RECEIPT_CHANNELS }) code!: ReceiptChannel;
  @ApiProperty() label!: string;
  @ApiProperty({ description: 'What the receipt date (收到申请之日) is on this channel' })
  receiptRule!: string;
}

export class OutcomeCodeDto {
  @ApiProperty({ enum: OUTCOME_CODES }) code!: OutcomeCode;
  @ApiProperty() label!: string;
  @ApiProperty({ description: 'May be drafted as a decision (others are reached otherwise)' })
  draftable!: boolean;
}

export class StatusCodeDto {
  @ApiProperty({ enum: APPLICATION_STATUSES }) code!: ApplicationStatus;
  @ApiProperty() label!: string;
}

export class DeliveryMethodCodeDto {
  @ApiProperty({ enum: DELIVERY_METHODS }) code!: DeliveryMethod;
  @ApiProperty() label!: string;
}

export class ReferenceDto {
  @ApiProperty({ type: [ApplicantTypeCodeDto] }) applicantTypes!: ApplicantTypeCodeDto[];
  @ApiProperty({ type: [ChannelCodeDto] }) channels!: ChannelCodeDto[];
  @ApiProperty({ type: [OutcomeCodeDto] }) outcomes!: OutcomeCodeDto[];
  @ApiProperty({ type: [StatusCodeDto] }) statuses!: StatusCodeDto[];
  @ApiProperty({ type: [DeliveryMethodCodeDto] }) deliveryMethods!: DeliveryMethodCodeDto[];
}
