export * from './model/process-model';
export * from './bpmn.errors';
