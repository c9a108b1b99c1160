import { createHash } from 'node:crypto';
import { Inject, Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { STORED_FORM_ID } from '@tongban/bpmn';
import { CLOCK, NotFoundError, type Actor, type Clock } from '@tongban/runtime';
import type { DataSource } from 'typeorm';
import { checkFormSchema } from '../forms/check-form-schema';
import type { FormJsSchema } from '../forms/form-js.types';
import { formOfFields } from '../forms/form-of-fields';
import { buildStepForm, type StepForm } from '../forms/step-form';
import { canonicalJson } from '../persistence/catalog-entry.repository';
import { forms, type FormRow } from '../persistence/form.repository';
import { BundleService } from './bundle.service';
import { CatalogDomainError } from './catalog-domain.error';
import { CatalogService } from './catalog.service';
import { StepViewService, type StepTask } from './step-view.service';

/** A stored form version as the API returns it, with the versions of its form. */
export interface FormView extends FormRow {
  versions: number[];
}

/** A form generated from the field dictionary, ready to be edited and saved. */
export interface FormTemplate {
  name: string;
  schema: FormJsSchema;
}

/** The linked form of a task, reduced to what its step may see and edit. */
export interface TaskFormView extends StepForm {
  taskId: string;
  formId: string;
  version: number;
  name: string;
}

/** A task as the form of its step needs it. */
export type FormTask = StepTask & { variables: Record<string, unknown> };

/**
 * Forms (表单) stored and versioned server side: form-js schemas whose dictionary-bound fields are
 * checked against the field dictionary, generated from it for an item or a bundle's merged form,
 * and shown to a task's step with only the fields it may see.
 */
@Injectable()
export class FormService {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly catalog: CatalogService,
    private readonly bundles: BundleService,
    private readonly steps: StepViewService,
    @Inject(CLOCK) private readonly clock: Clock,
  ) {}

  /** The latest version of every form. */
  list(): Promise<FormRow[]> {
    return forms.latest(this.dataSource.manager);
  }

  /** The ids user tasks may link (deploy checks `zeebe:formDefinition formId` against them). */
  ids(): Promise<string[]> {
    return forms.ids(this.dataSource.manager);
  }

  /** One version of a form (the latest when `version` is undefined); 404 when missing. */
  async get(formId: string, version?: number): Promise<FormView> {
    const all = await forms.versions(this.dataSource.manager, formId);
    const row = version === undefined ? all[0] : all.find((r) => r.version === version);
    if (!row) throw new NotFoundError(version === undefined ? 'Form' : 'Form version', version === undefined ? formId : `${formId}@${version}`);
    return { ...row, versions: all.map((r) => r.version) };
  }

  /**
   * Save command: checks the schema (400 VALIDATION_FAILED naming every problem, nothing written),
   * then in ONE transaction under a lock on the form id adds version latest + 1 — or returns the
   * latest when its name and schema are the same (`created: false`).
   */
  async save(input: { name: string; schema: unknown }, actor: Actor): Promise<{ form: FormView; created: boolean }> {
    const { fields } = await this.catalog.snapshot();
    const problems = checkFormSchema(input.schema, fields);
    if (problems.length > 0) {
      throw new CatalogDomainError('VALIDATION_FAILED', `Form refused: ${problems.map((p) => `${p.field}: ${p.message}`).join('; ')}`, { errors: problems });
    }
    const schema = input.schema as FormJsSchema;
    const checksum = createHash('sha256').update(canonicalJson({ name: input.name, schema })).digest('hex');
    const { created } = await this.dataSource.transaction((manager) =>
      forms.put(manager, { formId: schema.id, name: input.name, schema, createdBy: actor.name, createdAt: this.clock.now() }, checksum));
    return { form: await this.get(schema.id), created };
  }

  /** The whole field dictionary as one form: the palette a designer adds bound fields from. */
  async dictionaryTemplate(locale: 'zh' | 'en'): Promise<FormTemplate> {
    const { fields } = await this.catalog.snapshot();
    return { name: locale === 'zh' ? '数据字典' : 'Field dictionary', schema: formOfFields('dictionary', fields, locale) };
  }

  /** The form of one catalogue item: its fields with the item's own tightened rules. */
  async itemTemplate(code: string, locale: 'zh' | 'en'): Promise<FormTemplate> {
    const { fields, items } = await this.catalog.snapshot();
    const item = items.find((i) => i.code === code);
    if (!item) throw new NotFoundError('Service item', code);
    const byKey = new Map(fields.map((f) => [f.key, f]));
    const own = item.fields.flatMap((key) => {
      const base = byKey.get(key);
      return base ? [{ ...base, ...(item.fieldRules?.[key] ?? {}) }] : [];
    });
    return { name: item.name, schema: formOfFields(`item-${code}`, own, locale) };
  }

  /** The merged form of a bundle as it is deployed (or composed, before its first deployment). */
  async bundleTemplate(code: string, locale: 'zh' | 'en'): Promise<FormTemplate> {
    const row = await this.bundles.row(code);
    const { artifacts } = this.bundles.deployedComposition(row);
    return { name: row.name, schema: formOfFields(`bundle-${code}`, artifacts.form.fields, locale) };
  }

  /**
   * Read command: the latest version of the form a task's element links (`zeebe:formDefinition
   * formId`, `camunda:formKey`), reduced to its step (`buildStepForm`); a bundle step's read is
   * audited like its step view. 404 when the task links no stored form.
   */
  async ofTask(task: FormTask, actor: Actor): Promise<TaskFormView> {
    const element = await this.steps.taskElement(task);
    const formId = element?.formId ?? (element?.formKey && STORED_FORM_ID.test(element.formKey) ? element.formKey : undefined);
    if (!formId) throw new NotFoundError('Form of task', task.id);
    const row = await forms.find(this.dataSource.manager, formId);
    if (!row) throw new NotFoundError('Form', formId);
    const view = element?.tongban?.item ? await this.steps.view(task, actor) : undefined;
    const stepForm = buildStepForm({ schema: row.schema, stepFields: view?.fields, visibleFields: view ? undefined : element?.tongban?.fields, variables: task.variables });
    return { taskId: task.id, formId, version: row.version, name: row.name, ...stepForm };
  }
}
