import { Body, Controller, Delete, Get, HttpCode, Param, Post } from '@nestjs/common';
import { ApiAcceptedResponse, ApiCreatedResponse, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { WebhookService } from '@tongban/catalog';
import { Access, CurrentPrincipal, type Principal } from '@tongban/identity';
import { ApiProtected } from '../http/api-docs.decorators';
import { CreatedWebhookSubscriptionDto, CreateWebhookDto, WebhookDeliveryDto, WebhookDeliveryListDto, WebhookSubscriptionDto, WebhookSubscriptionListDto } from './webhook.dto';

const MANAGERS = ['admin', 'integrator'] as const;

/** Outgoing webhooks: integrators subscribe to domain events and receive signed POSTs. */
@ApiTags('webhooks')
@ApiProtected()
@Controller('webhooks')
export class WebhookController {
  constructor(private readonly webhooks: WebhookService) {}

  @Post()
  @Access({ roles: MANAGERS, owns: 'integrator' })
  @ApiOperation({ summary: 'Subscribe a URL to event types; the secret (generated when not given) is in this answer only' })
  @ApiCreatedResponse({ type: CreatedWebhookSubscriptionDto })
  create(@Body() body: CreateWebhookDto, @CurrentPrincipal() p: Principal) {
    return this.webhooks.subscribe({ url: body.url, eventTypes: body.eventTypes, secret: body.secret }, p);
  }

  @Get()
  @Access({ roles: MANAGERS, owns: 'integrator' })
  @ApiOperation({ summary: "The caller's subscriptions (an admin's: all)" })
  @ApiOkResponse({ type: WebhookSubscriptionListDto })
  async list(@CurrentPrincipal() p: Principal) {
    return { items: await this.webhooks.list(p) };
  }

  @Get(':id')
  @Access({ roles: MANAGERS, owns: 'integrator' })
  @ApiOperation({ summary: 'One subscription (without its secret)' })
  @ApiOkResponse({ type: WebhookSubscriptionDto })
  get(@Param('id') id: string, @CurrentPrincipal() p: Principal) {
    return this.webhooks.get(id, p);
  }

  @Delete(':id')
  @HttpCode(204)
  @Access({ roles: MANAGERS, owns: 'integrator' })
  @ApiOperation({ summary: 'Unsubscribe; pending deliveries are dropped' })
  async remove(@Param('id') id: string, @CurrentPrincipal() p: Principal) {
    await this.webhooks.remove(id, p);
  }

  @Get(':id/deliveries')
  @Access({ roles: MANAGERS, owns: 'integrator' })
  @ApiOperation({ summary: 'The latest deliveries, each with its state and every attempt’s status, error and response excerpt' })
  @ApiOkResponse({ type: WebhookDeliveryListDto })
  async deliveries(@Param('id') id: string, @CurrentPrincipal() p: Principal) {
    return { items: await this.webhooks.deliveries(id, p) };
  }

  @Post(':id/deliveries/:deliveryId/redeliver')
  @HttpCode(202)
  @Access({ roles: MANAGERS, owns: 'integrator' })
  @ApiOperation({ summary: 'Send a delivery again with a fresh round of attempts' })
  @ApiAcceptedResponse({ type: WebhookDeliveryDto })
  redeliver(@Param('id') id: string, @Param('deliveryId') deliveryId: string, @CurrentPrincipal() p: Principal) {
    return this.webhooks.redeliver(id, deliveryId, p);
  }
}
