import { Controller, Get, Module } from '@nestjs/common';
import { ApiOkResponse, ApiOperation, ApiProperty, ApiTags } from '@nestjs/swagger';
import { referenceLists } from '../../../../libs/domain/reference';

export class CodeLabelDto {
  @ApiProperty() code!: string;
  @ApiProperty({ description: '名称' }) label!: string;
}

export class ChannelReferenceDto extends CodeLabelDto {
  @ApiProperty({ description: '收到申请之日的认定规则' }) receiptRule!: string;
}

export class OutcomeReferenceDto extends CodeLabelDto {
  @ApiProperty({ description: 'Staff may draft it (the others are concluded by the system)' })
  draftable!: boolean;
}

/** The code lists (libs/domain/reference.ts). */
export class ReferenceDto {
  @ApiProperty({ type: [CodeLabelDto], description: '申请人类型' }) applicantTypes!: CodeLabelDto[];
  @ApiProperty({ type: [ChannelReferenceDto], description: '申请渠道' }) channels!: ChannelReferenceDto[];
  @ApiProperty({ type: [OutcomeReferenceDto], description: '办理结果' }) outcomes!: OutcomeReferenceDto[];
  @ApiProperty({ type: [CodeLabelDto], description: '办理状态' }) statuses!: CodeLabelDto[];
  @ApiProperty({ type: [CodeLabelDto], description: '送达方式' }) deliveryMethods!: CodeLabelDto[];
  @ApiProperty({ type: [CodeLabelDto], description: '办理记录的事件' }) eventTypes!: CodeLabelDto[];
  @ApiProperty({ type: [CodeLabelDto], description: '机关内的角色' }) roles!: CodeLabelDto[];
  @ApiProperty({ type: [CodeLabelDto], description: '平台角色' }) platformRoles!: CodeLabelDto[];
  @ApiProperty({ type: [CodeLabelDto], description: '办理事项' }) staffActions!: CodeLabelDto[];
  @ApiProperty({ type: [CodeLabelDto], description: '征求意见对象' }) consultationKinds!: CodeLabelDto[];
  @ApiProperty({ type: [CodeLabelDto], description: '征求意见的意见' }) consultationAnswers!: CodeLabelDto[];
  @ApiProperty({ type: [CodeLabelDto], description: '计费方式' }) feeMethods!: CodeLabelDto[];
  @ApiProperty({ type: [CodeLabelDto], description: '待办类型' }) taskKinds!: CodeLabelDto[];
  @ApiProperty({ type: [CodeLabelDto], description: '行政复议、行政诉讼' }) reviewCaseKinds!: CodeLabelDto[];
  @ApiProperty({ type: [CodeLabelDto], description: '复议、诉讼结果' }) reviewResults!: CodeLabelDto[];
  @ApiProperty({ type: [CodeLabelDto], description: '重新办理的进展' }) reopenStates!: CodeLabelDto[];
  @ApiProperty({ type: [CodeLabelDto], description: '工作日历的推送进度' })
  calendarPropagationStatuses!: CodeLabelDto[];
  @ApiProperty({ type: [CodeLabelDto], description: '正式文书' }) noticeKinds!: CodeLabelDto[];
  @ApiProperty({ type: [CodeLabelDto], description: '规章、规范性文件' }) documentKinds!: CodeLabelDto[];
  @ApiProperty({ type: [CodeLabelDto], description: '表二的其他数据' }) disclosureFigures!: CodeLabelDto[];
  @ApiProperty({ type: [CodeLabelDto], description: '年度报告的六个部分' }) reportSections!: CodeLabelDto[];
  @ApiProperty({ type: [CodeLabelDto], description: '年度报告的表格' }) reportTables!: CodeLabelDto[];
  @ApiProperty({ type: [CodeLabelDto], description: '表三的行' }) table3Rows!: CodeLabelDto[];
}

@ApiTags('reference 代码表')
@Controller('reference')
export class ReferenceController {
  @Get()
  @ApiOperation({
    summary:
      'Code lists with their Chinese labels: statuses, outcomes, events, roles, channels (with the receipt-date rule), staff actions, task kinds, …',
  })
  @ApiOkResponse({ type: ReferenceDto })
  get(): ReferenceDto {
    return referenceLists();
  }
}

@Module({ controllers: [ReferenceController] })
export class ReferenceModule {}
