import { type PipeTransform, Injectable } from '@nestjs/common';
import { badRequest } from './validation';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** A UUID path parameter; a malformed one is a 400 naming the parameter. */
@Injectable()
export class UuidParam implements PipeTransform<string, string> {
  constructor(private readonly name = 'id') {}
  transform(value: string): string {
    if (!UUID.test(value)) throw badRequest([{ field: this.name, reasons: [`${this.name} must be a UUID`] }]);
    return value.toLowerCase();
  }
}

/** A report year path parameter. */
@Injectable()
export class YearParam implements PipeTransform<string, number> {
  transform(value: string): number {
    const year = Number(value);
    if (!/^\d{4}$/.test(value) || year < 2008 || year > 2100) {
      throw badRequest([
        {
          field: 'year',
          reasons: ['year must be a four-digit year from 2008 (the first OGI Regulations) to 2100'],
        },
      ]);
    }
    return year;
  }
}
