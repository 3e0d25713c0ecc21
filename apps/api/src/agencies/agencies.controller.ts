import { Body, Controller, Get, Param, Post } from '@nestjs/common';
import {
  ApiBearerAuth,
  ApiConflictResponse,
  ApiCreatedResponse,
  ApiOkResponse,
  ApiTags,
} from '@nestjs/swagger';
import { UuidParam } from '../common/pipes';
import { AgenciesService } from './agencies.service';
import { AgencyDto, CreateAgencyDto } from './agency.dto';
import { CurrentUser, type StaffUser } from '../auth/auth.types';
import { RequireRoles } from '../auth/roles.guard';

@ApiTags('agencies 机关')
@ApiBearerAuth()
@Controller('agencies')
export class AgenciesController {
  constructor(private readonly agencies: AgenciesService) {}

  @Get()
  @ApiOkResponse({ type: [AgencyDto] })
  list(@CurrentUser() user: StaffUser): Promise<AgencyDto[]> {
    return this.agencies.list(user);
  }

  @Get(':id')
  @ApiOkResponse({ type: AgencyDto })
  get(@CurrentUser() user: StaffUser, @Param('id', new UuidParam()) id: string): Promise<AgencyDto> {
    return this.agencies.get(user, id);
  }

  @Post()
  @RequireRoles(['admin'], '新增机关')
  @ApiCreatedResponse({ type: AgencyDto })
  @ApiConflictResponse({ description: 'the code is taken' })
  create(@CurrentUser() user: StaffUser, @Body() dto: CreateAgencyDto): Promise<AgencyDto> {
    return this.agencies.create(user, dto);
  }
}
