import {
  Body,
  Controller,
  Delete,
  Get,
  HttpCode,
  HttpStatus,
  Param,
  Post,
  Put,
  Query,
} from '@nestjs/common';
import {
  ApiBadRequestResponse,
  ApiConflictResponse,
  ApiCreatedResponse,
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
import { MessageResponseDto } from '../common/http/message-response.dto';
import { ParseUuid } from '../common/http/parse-uuid.pipe';
import { AdminUsersService } from './admin-users.service';
import {
  AdminUserListResponseDto,
  AdminUserResponseDto,
  ChangePasswordDto,
  CreateAdminUserDto,
  ListAdminUsersQueryDto,
  UpdateAdminUserDto,
} from './dto/admin-user.dto';

@ApiTags('admin-users')
@Controller('api/admin/admin-users')
@ApiUnprocessableEntityResponse({ type: ErrorResponseDto, description: 'Invalid input' })
export class AdminUsersController {
  public constructor(private readonly adminUsers: AdminUsersService) {}

  @Get()
  @Authenticated()
  @ApiOperation({ summary: 'List staff accounts' })
  @ApiOkResponse({ type: AdminUserListResponseDto })
  public list(@Query() query: ListAdminUsersQueryDto): Promise<AdminUserListResponseDto> {
    return this.adminUsers.list(query);
  }

  @Post()
  @Authenticated({ roles: [AdminRole.ADMIN] })
  @ApiOperation({ summary: 'Create a staff account' })
  @ApiCreatedResponse({ type: AdminUserResponseDto })
  @ApiConflictResponse({ type: ErrorResponseDto, description: 'Username already exists' })
  public create(
    @Body() body: CreateAdminUserDto,
    @CurrentAdmin() actor: AuthenticatedAdmin,
  ): Promise<AdminUserResponseDto> {
    return this.adminUsers.create(body, actor);
  }

  @Get(':id')
  @Authenticated()
  @ApiOperation({ summary: 'One staff account' })
  @ApiOkResponse({ type: AdminUserResponseDto })
  @ApiNotFoundResponse({ type: ErrorResponseDto })
  public get(@Param('id', ParseUuid) id: string): Promise<AdminUserResponseDto> {
    return this.adminUsers.get(id);
  }

  @Put(':id')
  @Authenticated({ roles: [AdminRole.ADMIN] })
  @ApiOperation({
    summary: 'Update display name, role or active flag',
    description: 'Role change and deactivation revoke the account’s tokens at once.',
  })
  @ApiOkResponse({ type: AdminUserResponseDto })
  @ApiBadRequestResponse({ type: ErrorResponseDto, description: 'Own role / own deactivation' })
  @ApiNotFoundResponse({ type: ErrorResponseDto })
  public update(
    @Param('id', ParseUuid) id: string,
    @Body() body: UpdateAdminUserDto,
    @CurrentAdmin() actor: AuthenticatedAdmin,
  ): Promise<AdminUserResponseDto> {
    return this.adminUsers.update(id, body, actor);
  }

  @Delete(':id')
  @Authenticated({ roles: [AdminRole.ADMIN] })
  @ApiOperation({ summary: 'Delete a staff account (not your own)' })
  @ApiOkResponse({ type: MessageResponseDto })
  @ApiBadRequestResponse({ type: ErrorResponseDto, description: 'Own account' })
  @ApiNotFoundResponse({ type: ErrorResponseDto })
  public remove(
    @Param('id', ParseUuid) id: string,
    @CurrentAdmin() actor: AuthenticatedAdmin,
  ): Promise<MessageResponseDto> {
    return this.adminUsers.remove(id, actor);
  }

  @Put(':id/password')
  @Authenticated()
  @HttpCode(HttpStatus.OK)
  @ApiOperation({
    summary: 'Change a password',
    description:
      'Your own password: always with `current_password` (400 when missing or wrong). Admins ' +
      'set anyone else’s without it; users only their own (403 for others). Revokes every ' +
      'token of the account.',
  })
  @ApiOkResponse({ type: MessageResponseDto })
  @ApiBadRequestResponse({ type: ErrorResponseDto, description: 'Current password missing/wrong' })
  @ApiForbiddenResponse({ type: ErrorResponseDto, description: 'A user changing someone else’s' })
  @ApiNotFoundResponse({ type: ErrorResponseDto })
  public changePassword(
    @Param('id', ParseUuid) id: string,
    @Body() body: ChangePasswordDto,
    @CurrentAdmin() actor: AuthenticatedAdmin,
  ): Promise<MessageResponseDto> {
    return this.adminUsers.changePassword(id, body, actor);
  }
}
