import { BpmnModdle } from 'bpmn-moddle';
import zeebeDescriptor from 'zeebe-bpmn-moddle/resources/zeebe.json';
import camundaDescriptor from 'camunda-bpmn-moddle/resources/camunda.json';
import tongbanDescriptor from './tongban.json';

export const ZEEBE_URI = 'http://camunda.org/schema/zeebe/1.0';
export const CAMUNDA_URI = 'http://camunda.org/schema/1.0/bpmn';
export const TONGBAN_URI = tongbanDescriptor.uri;

/** Which vendor extensions a document is read with: Camunda 8 (zeebe), Camunda 7, both, or neither. */
export type ModdleDialect = 'zeebe' | 'camunda' | 'dual' | 'plain';

interface Descriptor {
  types: Array<{ name: string; extends?: string[]; properties?: Array<{ name: string }> }>;
}

/**
 * Properties zeebe and camunda both add to BPMN elements (modelerTemplate…). One moddle cannot
 * hold both definitions, so documents declaring both namespaces read them as zeebe's.
 */
export const CAMUNDA_PROPERTIES_SHADOWED_BY_ZEEBE = new Set(
  (zeebeDescriptor as Descriptor).types.filter((type) => type.extends).flatMap((type) => (type.properties ?? []).map((p) => p.name)),
);

const moddles = new Map<ModdleDialect, BpmnModdle>();

/** The dialect a document is written in, judged by the namespaces it declares. */
export function dialectOf(xml: string): ModdleDialect {
  const zeebe = xml.includes(ZEEBE_URI);
  const camunda = xml.includes(CAMUNDA_URI);
  if (zeebe && camunda) return 'dual';
  if (zeebe) return 'zeebe';
  if (camunda) return 'camunda';
  return 'plain';
}

/** One cached BpmnModdle per dialect, always with the tongban extension. */
export function moddleFor(dialect: ModdleDialect): BpmnModdle {
  let moddle = moddles.get(dialect);
  if (!moddle) {
    moddle = new BpmnModdle(packagesOf(dialect));
    moddles.set(dialect, moddle);
  }
  return moddle;
}

function packagesOf(dialect: ModdleDialect): Record<string, unknown> {
  const packages: Record<string, unknown> = { tongban: tongbanDescriptor };
  if (dialect === 'zeebe' || dialect === 'dual') packages.zeebe = zeebeDescriptor;
  if (dialect === 'camunda') packages.camunda = camundaDescriptor;
  if (dialect === 'dual') packages.camunda = withoutShadowedProperties(camundaDescriptor as Descriptor);
  return packages;
}

function withoutShadowedProperties(descriptor: Descriptor): Descriptor {
  const copy: Descriptor = structuredClone(descriptor);
  for (const type of copy.types) {
    if (type.extends) type.properties = (type.properties ?? []).filter((p) => !CAMUNDA_PROPERTIES_SHADOWED_BY_ZEEBE.has(p.name));
  }
  return copy;
}
