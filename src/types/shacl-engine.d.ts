declare module 'shacl-engine' {
  import type { DatasetCore } from '@rdfjs/types';
  export interface ValidationResult {
    focusNode?: { term?: { value: string } };
    path?: { predicates?: { value: string }[] }[];
    message?: { value: string }[];
    shape?: { ptr?: { term?: { value: string } } };
  }
  export interface ValidationReport {
    conforms: boolean;
    results: ValidationResult[];
  }
  export class Validator {
    constructor(shapes: DatasetCore, options: { factory: unknown; debug?: boolean; details?: boolean });
    validate(data: { dataset: DatasetCore }): Promise<ValidationReport>;
  }
}
