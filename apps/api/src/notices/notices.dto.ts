import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsIn, IsObject, IsOptional, IsString } from 'class-validator';
import { DELIVERY_METHODS, type DeliveryMethod } from '../../../../libs/domain/application';
import { NOTICE_KINDS, SERIAL_STYLES, type SerialStyle } from '../../../../libs/domain/notices';
import { IsBusinessDate } from '../common/validation';

/** An agency's notice template (正式文书模板). */
export class NoticeTemplateDto {
  @ApiProperty({ description: '落款机关名称', example: 'X县人民政府办公室' })
  @IsString({ message: 'agencyDisplayName must be text (机关名称应为文本)' })
  agencyDisplayName!: string;

  @ApiProperty({ description: '印章文字', example: 'X县人民政府办公室政务公开专用章' })
  @IsString({ message: 'sealText must be text (印章文字应为文本)' })
  sealText!: string;

  @ApiProperty({ description: '文号前缀（文种代字之前）', example: 'X政信' })
  @IsString({ message: 'numberPrefix must be text (文号前缀应为文本)' })
  numberPrefix!: string;

  @ApiPropertyOptional({
    description: `文种代字 by kind (${NOTICE_KINDS.join(', ')}); missing kinds keep their default (补 延 征 函 费 限 答)`,
    example: { supplement: '补', decision: '答' },
    type: 'object',
    // Sent: a code left out or null keeps its default; answered: every kind's code.
    additionalProperties: { type: 'string', nullable: true },
  })
  @IsOptional()
  @IsObject({ message: 'kindCodes must be an object of kind → code (文种代字)' })
  kindCodes?: Record<string, string>;

  @ApiProperty({ enum: SERIAL_STYLES, description: 'plain: 〔2026〕3号; ordinal: 〔2026〕第3号' })
  @IsIn(SERIAL_STYLES, { message: `serialStyle must be one of: ${SERIAL_STYLES.join(', ')} (序号格式)` })
  serialStyle!: SerialStyle;

  @ApiPropertyOptional({ type: String, nullable: true, description: '结尾段落（联系方式等），可空' })
  @IsOptional()
  @IsString({ message: 'closingParagraph must be text (结尾段落应为文本)' })
  closingParagraph?: string | null;
}

export class NoticeTemplateViewDto extends NoticeTemplateDto {
  @ApiProperty({ format: 'uuid' }) agencyId!: string;
  @ApiProperty({ description: 'false: the default made from the agency’s name (never saved)' })
  saved!: boolean;
  @ApiProperty({
    description: 'An example number per kind',
    type: 'object',
    additionalProperties: { type: 'string' },
  })
  examples!: Record<string, string>;
}

export class RecordNoticeDeliveryDto {
  @ApiProperty({ enum: DELIVERY_METHODS, description: '送达方式' })
  @IsIn(DELIVERY_METHODS, { message: `method must be one of: ${DELIVERY_METHODS.join(', ')} (送达方式)` })
  method!: DeliveryMethod;

  @ApiProperty({ description: '送达日期: not in the future, not before the notice', example: '2024-10-09' })
  @IsBusinessDate()
  deliveredOn!: string;
}

export class NoticeSummaryDto {
  @ApiProperty({ format: 'uuid' }) id!: string;
  @ApiProperty({ format: 'uuid' }) applicationId!: string;
  @ApiProperty({ enum: NOTICE_KINDS }) kind!: string;
  @ApiProperty({ description: '文书种类' }) kindLabel!: string;
  @ApiProperty() title!: string;
  @ApiProperty({ description: '文号', example: 'X政信补〔2026〕3号' }) number!: string;
  @ApiProperty() year!: number;
  @ApiProperty() serial!: number;
  @ApiProperty({ description: 'The step it belongs to (event type and seq)' }) stepKey!: string;
  @ApiProperty({ type: Number, nullable: true, description: 'The recorded event it was made for' })
  seq!: number | null;
  @ApiProperty({ description: '文书日期' }) issuedOn!: string;
  @ApiProperty() addressee!: string;
  @ApiProperty({ format: 'date-time' }) createdAt!: string;
  @ApiProperty({ enum: DELIVERY_METHODS, nullable: true, type: String }) deliveryMethod!: string | null;
  @ApiProperty({ type: String, nullable: true }) deliveryMethodLabel!: string | null;
  @ApiProperty({ type: String, nullable: true }) deliveredOn!: string | null;
  @ApiProperty({ description: 'false: the PDF is printed on its first download' }) pdfReady!: boolean;
  @ApiProperty() docxUrl!: string;
  @ApiProperty() pdfUrl!: string;
}
