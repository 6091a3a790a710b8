import { Body, Controller, Get, Param, Put } from '@nestjs/common';
import {
  ApiBadRequestResponse,
  ApiForbiddenResponse,
  ApiNotFoundResponse,
  ApiOkResponse,
  ApiOperation,
  ApiTags,
  ApiUnprocessableEntityResponse,
} from '@nestjs/swagger';
import { AdminRole } from '@app/domain';
import { Authenticated } from '../auth/authenticated.decorator';
import { AuthenticatedAdmin, CurrentAdmin } from '../auth/current-admin.decorator';
import { ErrorResponseDto } from '../common/http/error-response.dto';
import { SettingListResponseDto, SettingResponseDto, UpdateSettingDto } from './dto/setting.dto';
import { SettingsService } from './settings.service';

@ApiTags('settings')
@Controller('api/admin/settings')
export class SettingsController {
  public constructor(private readonly settings: SettingsService) {}

  @Get()
  @Authenticated()
  @ApiOperation({ summary: 'All system settings (agent_enabled is the panic button)' })
  @ApiOkResponse({ type: SettingListResponseDto })
  public list(): Promise<SettingListResponseDto> {
    return this.settings.list();
  }

  @Get(':key')
  @Authenticated()
  @ApiOperation({ summary: 'One system setting' })
  @ApiOkResponse({ type: SettingResponseDto })
  @ApiNotFoundResponse({ type: ErrorResponseDto })
  public findOne(@Param('key') key: string): Promise<SettingResponseDto> {
    return this.settings.findOne(key);
  }

  @Put(':key')
  @Authenticated({ roles: [AdminRole.ADMIN] })
  @ApiOperation({
    summary: 'Change a system setting',
    description:
      'The value is checked against value_type. Settings with is_mutable=false answer 403. ' +
      'Changing agent_enabled (the panic button) is logged as a warning.',
  })
  @ApiOkResponse({ type: SettingResponseDto })
  @ApiBadRequestResponse({ type: ErrorResponseDto, description: 'Value does not fit its type' })
  @ApiForbiddenResponse({ type: ErrorResponseDto, description: 'Role user, or not mutable' })
  @ApiNotFoundResponse({ type: ErrorResponseDto })
  @ApiUnprocessableEntityResponse({ type: ErrorResponseDto })
  public update(
    @Param('key') key: string,
    @Body() body: UpdateSettingDto,
    @CurrentAdmin() actor: AuthenticatedAdmin,
  ): Promise<SettingResponseDto> {
    return this.settings.update(key, body, actor);
  }
}
