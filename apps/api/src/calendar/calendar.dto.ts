import { ApiProperty } from '@nestjs/swagger';
import { ArrayMaxSize, IsArray, IsString, Length } from 'class-validator';

export class EnterCalendarYearDto {
  @ApiProperty({
    type: [String],
    description: '放假日期 (all days off of the year, weekends inside holiday periods included)',
    example: ['2027-01-01'],
  })
  @IsArray()
  @ArrayMaxSize(120)
  @IsString({ each: true })
  offDays!: string[];

  @ApiProperty({
    type: [String],
    description: '调休上班日期 (weekend days declared working days)',
    example: ['2027-02-20'],
  })
  @IsArray()
  @ArrayMaxSize(30)
  @IsString({ each: true })
  workDays!: string[];

  @ApiProperty({
    description: 'The notice it follows (国务院办公厅关于…年部分节假日安排的通知, 文号)',
    example: '国办发明电〔2026〕7号',
  })
  @IsString()
  @Length(2, 500)
  notice!: string;
}
