/* eslint-disable @typescript-eslint/no-explicit-any -- the one place where the untyped bpmn-js objects get their loose types */
/**
 * Loose types of the objects bpmn-js and its properties panel hand around (moddle business objects,
 * diagram elements, injected services): the packages ship no declarations for them.
 */
export type ModdleObject = { $type: string; id?: string; [key: string]: any };
export type DiagramElement = { id: string; type?: string; businessObject: ModdleObject; [key: string]: any };
export type Service = any;
