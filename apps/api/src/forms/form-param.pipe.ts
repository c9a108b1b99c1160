import { Injectable, type PipeTransform } from '@nestjs/common';
import { FORM_ID } from '@tongban/catalog';
import { DomainError } from '@tongban/runtime';

/** A form id in a path; anything no form can be named is a 400 naming it. */
@Injectable()
export class FormIdPipe implements PipeTransform<string, string> {
  transform(value: string): string {
    if (!FORM_ID.test(value)) throw new DomainError('VALIDATION_FAILED', `"${value}" is not a form id (letters, digits, _ . -, starting with a letter)`, { formId: value });
    return value;
  }
}

/** A form version in a path: a whole number from 1. */
@Injectable()
export class FormVersionPipe implements PipeTransform<string, number> {
  transform(value: string): number {
    if (!/^[1-9]\d{0,8}$/.test(value)) throw new DomainError('VALIDATION_FAILED', `"${value}" is not a form version (a whole number from 1)`, { version: value });
    return Number(value);
  }
}
