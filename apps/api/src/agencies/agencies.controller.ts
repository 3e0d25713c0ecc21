import { Body, Controller, Get, Param, Post } from '@nestjs/common';
import { ApiConflictResponse, ApiCreatedResponse, ApiOkResponse, ApiTags } from '@nestjs/swagger';
import { UuidParam } from '../common/pipes';
import { AgenciesService } from './agencies.service';
import { AgencyDto, CreateAgencyDto } from './agency.dto';

@ApiTags('agencies 机关')
@Controller('agencies')
export class AgenciesController {
  constructor(private readonly agencies: AgenciesService) {}

  @Get()
  @ApiOkResponse({ type: [AgencyDto] })
  list(): Promise<AgencyDto[]> {
    return this.agencies.list();
  }

  @Get(':id')
  @ApiOkResponse({ type: AgencyDto })
  get(@Param('id', new UuidParam()) id: string): Promise<AgencyDto> {
    return this.agencies.get(id);
  }

  @Post()
  @ApiCreatedResponse({ type: AgencyDto })
  @ApiConflictResponse({ description: 'the code is taken' })
  create(@Body() dto: CreateAgencyDto): Promise<AgencyDto> {
    return this.agencies.create(dto);
  }
}
