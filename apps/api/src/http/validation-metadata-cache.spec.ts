import 'reflect-metadata';
import { ValidationPipe, BadRequestException } from '@nestjs/common';
import { IsInt, IsOptional, IsString, MaxLength, Min, MetadataStorage } from 'class-validator';
import { cacheValidationMetadata } from './validation-metadata-cache';

class Paging {
  @IsOptional() @IsInt() @Min(1)
  limit?: number;
}

class Query extends Paging {
  @IsOptional() @IsString() @MaxLength(3)
  state?: string;
}

const pipe = new ValidationPipe({ whitelist: true, forbidNonWhitelisted: true, transform: true });

async function messages(value: unknown, metatype: new () => unknown): Promise<string[] | 'valid'> {
  try {
    await pipe.transform(value, { type: 'body', metatype });
    return 'valid';
  } catch (error) {
    return ((error as BadRequestException).getResponse() as { message: string[] }).message;
  }
}

describe('cacheValidationMetadata', () => {
  const inputs: Array<[unknown, new () => unknown]> = [
    [{ limit: 0, state: 'open!' }, Query],
    [{ limit: 5, state: 'ok' }, Query],
    [{ limit: 5, extra: 1 }, Query],
    [{ limit: 'x' }, Paging],
  ];

  it('answers every body as class-validator does without it, inherited rules and unknown properties included', async () => {
    const before = await Promise.all(inputs.map(([value, type]) => messages(value, type)));
    cacheValidationMetadata();
    cacheValidationMetadata();
    const after = await Promise.all(inputs.map(([value, type]) => messages(value, type)));
    expect(after).toEqual(before);
    expect(before[0]).toEqual(expect.arrayContaining(['limit must not be less than 1', 'state must be shorter than or equal to 3 characters']));
    expect(before[1]).toBe('valid');
    expect(before[2]).toEqual(['property extra should not exist']);
  });

  it('reads the rules of a class once, and again when a rule is added later', async () => {
    const storage = new MetadataStorage();
    const lookup = jest.spyOn(storage, 'getTargetValidationMetadatas');
    cacheValidationMetadata(storage);
    storage.getTargetValidationMetadatas(Query, '', false, false);
    storage.getTargetValidationMetadatas(Query, '', false, false);
    expect(lookup).toHaveBeenCalledTimes(1);
    const first = storage.getTargetValidationMetadatas(Query, '', false, false);
    expect(storage.groupByPropertyName(first)).toBe(storage.groupByPropertyName(first));

    class Later {
      @IsString()
      name!: string;
    }
    cacheValidationMetadata();
    expect(await messages({ name: 'a' }, Later)).toBe('valid');
    // a rule added after the class's rules were remembered counts
    MaxLength(0)(Later.prototype, 'name');
    expect(await messages({ name: 'a' }, Later)).toEqual(['name must be shorter than or equal to 0 characters']);
  });
});
