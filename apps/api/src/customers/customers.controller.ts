import { Body, Controller, Delete, Get, Param, Post, Put, Query } from '@nestjs/common';
import {
  ApiConflictResponse,
  ApiCreatedResponse,
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
import { CustomersService } from './customers.service';
import {
  CreateCustomerDto,
  CustomerListResponseDto,
  CustomerResponseDto,
  ListCustomersQueryDto,
  UpdateCustomerDto,
} from './dto/customer.dto';

/** WhatsApp customers: "users" in the admin API and table `users` (staff are `admin-users`). */
@ApiTags('customers')
@Controller('api/admin/users')
@ApiUnprocessableEntityResponse({ type: ErrorResponseDto, description: 'Invalid input' })
export class CustomersController {
  public constructor(private readonly customers: CustomersService) {}

  @Get()
  @Authenticated()
  @ApiOperation({ summary: 'List customers (search, client type, sort by last activity)' })
  @ApiOkResponse({ type: CustomerListResponseDto })
  public list(@Query() query: ListCustomersQueryDto): Promise<CustomerListResponseDto> {
    return this.customers.list(query);
  }

  @Post()
  @Authenticated()
  @ApiOperation({
    summary: 'Create a customer',
    description: 'The phone is validated and stored in E.164; the Chatwoot contact is synced.',
  })
  @ApiCreatedResponse({ type: CustomerResponseDto })
  @ApiConflictResponse({ type: ErrorResponseDto, description: 'Phone already exists' })
  public create(
    @Body() body: CreateCustomerDto,
    @CurrentAdmin() actor: AuthenticatedAdmin,
  ): Promise<CustomerResponseDto> {
    return this.customers.create(body, actor);
  }

  @Get(':id')
  @Authenticated()
  @ApiOperation({ summary: 'One customer' })
  @ApiOkResponse({ type: CustomerResponseDto })
  @ApiNotFoundResponse({ type: ErrorResponseDto })
  public get(@Param('id', ParseUuid) id: string): Promise<CustomerResponseDto> {
    return this.customers.get(id);
  }

  @Put(':id')
  @Authenticated()
  @ApiOperation({ summary: 'Update a customer (partial); the Chatwoot contact is synced' })
  @ApiOkResponse({ type: CustomerResponseDto })
  @ApiNotFoundResponse({ type: ErrorResponseDto })
  @ApiConflictResponse({ type: ErrorResponseDto, description: 'Phone already exists' })
  public update(
    @Param('id', ParseUuid) id: string,
    @Body() body: UpdateCustomerDto,
    @CurrentAdmin() actor: AuthenticatedAdmin,
  ): Promise<CustomerResponseDto> {
    return this.customers.update(id, body, actor);
  }

  @Delete(':id')
  @Authenticated({ roles: [AdminRole.ADMIN] })
  @ApiOperation({ summary: 'Delete a customer (conversations and cases keep a null user)' })
  @ApiOkResponse({ type: MessageResponseDto })
  @ApiNotFoundResponse({ type: ErrorResponseDto })
  public remove(
    @Param('id', ParseUuid) id: string,
    @CurrentAdmin() actor: AuthenticatedAdmin,
  ): Promise<MessageResponseDto> {
    return this.customers.remove(id, actor);
  }
}
