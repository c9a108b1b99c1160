import { Injectable, type PipeTransform } from '@nestjs/common';
import { DomainError } from '@tongban/runtime';

/** BPMN element ids as a path names them: XML NCName characters, at most 255. */
const ELEMENT_ID = /^[\p{L}_][\p{L}\p{N}_.-]{0,254}$/u;

/** An element id in a path; anything that cannot be a BPMN id is a 400 naming the parameter. */
@Injectable()
export class ElementIdPipe implements PipeTransform<string, string> {
  transform(value: string): string {
    if (!ELEMENT_ID.test(value)) throw new DomainError('VALIDATION_FAILED', `"${value}" is not a BPMN element id`, { elementId: value });
    return value;
  }
}
