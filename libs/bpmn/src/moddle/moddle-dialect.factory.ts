import { BpmnModdle } from 'bpmn-moddle';
import zeebeDescriptor from 'zeebe-bpmn-moddle/resources/zeebe.json';
import camundaDescriptor from 'camunda-bpmn-moddle/resources/camunda.json';
import tongbanDescriptor from './tongban.json';

export const ZEEBE_URI = 'http://camunda.org/schema/zeebe/1.0';
export const CAMUNDA_URI = 'http://camunda.org/schema/1.0/bpmn';
export const TONGBAN_URI = tongbanDescriptor.uri;

/** Which vendor extension a document is read with: Camunda 8 (zeebe), Camunda 7, or neither. */
export type ModdleDialect = 'zeebe' | 'camunda' | 'plain';

const moddles = new Map<ModdleDialect, BpmnModdle>();

/**
 * The dialect a document is written in, judged by the namespaces it declares. The zeebe and
 * camunda descriptors cannot live in one moddle, so a document declaring both is read as zeebe.
 */
export function dialectOf(xml: string): ModdleDialect {
  if (xml.includes(ZEEBE_URI)) return 'zeebe';
  if (xml.includes(CAMUNDA_URI)) return 'camunda';
  return 'plain';
}

/** One cached BpmnModdle per dialect, always with the tongban extension. */
export function moddleFor(dialect: ModdleDialect): BpmnModdle {
  let moddle = moddles.get(dialect);
  if (!moddle) {
    const packages: Record<string, unknown> = { tongban: tongbanDescriptor };
    if (dialect === 'zeebe') packages.zeebe = zeebeDescriptor;
    if (dialect === 'camunda') packages.camunda = camundaDescriptor;
    moddle = new BpmnModdle(packages);
    moddles.set(dialect, moddle);
  }
  return moddle;
}
