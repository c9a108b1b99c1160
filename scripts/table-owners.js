/**
 * Which package owns each table the migrations create. Only the owner writes or reads a table
 * (INSERT, UPDATE, DELETE, TRUNCATE, MERGE, SELECT … FROM/JOIN, or a TypeORM repository of its
 * entity); another package asks the owner through its index. `scripts/check-table-owners.js` checks this, and fails when a migration
 * creates a table that is missing here.
 */
module.exports = {
  tables: {
    identity: ['app_user', 'api_key', 'department', 'auth_session', 'identity_audit', 'user_phrase', 'region'],
    runtime: [
      'deployment', 'deployment_resource', 'process_definition', 'process_instance', 'task', 'history_event',
      'incident', 'outbox', 'job', 'timer', 'message_subscription', 'message_delivery', 'published_message',
      'signal_subscription', 'idempotency_key', 'decision_definition', 'task_urge', 'task_cc',
    ],
    catalog: ['catalog_entry', 'bundle', 'application', 'attachment', 'certificate', 'certificate_serial', 'case_correction', 'case_clock_pause', 'calendar_year', 'calendar_history',
      'rating', 'rating_follow_up', 'notification', 'webhook_subscription', 'webhook_delivery', 'webhook_attempt',
      'task_clock', 'clock_warning', 'supervision_directive', 'material_follow_up', 'case_clock_warning', 'form_definition', 'catalog_seed'],
  },
  /**
   * Columns whose content is another package's internal state: stored and loaded whole, never looked
   * into with SQL (JSON operators). `process_instance.engine_state` is libs/engine's instance state.
   */
  opaqueColumns: { engine_state: 'engine' },
};
