import lintingModule from 'bpmn-js-bpmnlint';
import { linkSequenceFlows } from '@tongban/bpmn/browser';
import type { ModdleObject } from '../bpmn-objects';

/** Before bpmnlint reads an imported diagram, its flow nodes learn their sequence flows (files may omit them). */
class SequenceFlowLinker {
  static $inject = ['eventBus', 'bpmnjs'];

  constructor(eventBus: { on(event: string, priority: number, callback: () => void): void }, bpmnjs: { getDefinitions(): ModdleObject | undefined }) {
    eventBus.on('import.done', 2000, () => {
      const definitions = bpmnjs.getDefinitions();
      if (definitions) linkSequenceFlows(definitions);
    });
  }
}

/** bpmn-js-bpmnlint with the flow linker; the rules come in `config.linting.bpmnlint`. */
export default {
  __depends__: [lintingModule],
  __init__: ['sequenceFlowLinker'],
  sequenceFlowLinker: ['type', SequenceFlowLinker],
};
