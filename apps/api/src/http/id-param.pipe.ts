import { Injectable, type PipeTransform } from '@nestjs/common';
import { DomainError } from '@tongban/runtime';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** Resource ids are UUIDs; anything else names no resource (404). */
@Injectable()
export class IdParamPipe implements PipeTransform<string, string> {
  transform(value: string): string {
    if (!UUID.test(value)) throw new DomainError('NOT_FOUND', `No resource with id ${value}`, { id: value });
    return value;
  }
}
