import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsEmail, IsOptional, IsString, Length, Matches } from 'class-validator';

export class CreateAgencyDto {
  @ApiProperty({
    description: 'Short code, used in case workflow ids (letters, digits, -)',
    example: 'xinxiang-county-office',
  })
  @IsString()
  @Matches(/^[a-z0-9][a-z0-9-]{1,63}$/, {
    message: 'code must be 2–64 lowercase letters, digits or -, starting with a letter or digit',
  })
  code!: string;

  @ApiProperty({ description: '机关名称', example: '新乡县人民政府办公室' })
  @IsString()
  @Length(1, 200)
  name!: string;

  @ApiPropertyOptional({ description: 'Where deadline reminders are e-mailed when SMTP is configured' })
  @IsOptional()
  @IsEmail({}, { message: 'notificationEmail must be an e-mail address' })
  notificationEmail?: string;
}

export class AgencyDto {
  @ApiProperty({ format: 'uuid' }) id!: string;
  @ApiProperty() code!: string;
  @ApiProperty() name!: string;
  @ApiProperty({ type: String, nullable: true }) notificationEmail!: string | null;
  @ApiProperty({ type: String, nullable: true, description: 'The agency it is grouped under' }) parentId!:
    string | null;
  @ApiProperty({ type: String, format: 'date-time' }) createdAt!: string;
}
