import type { HolidayCalendar } from '../calendar/working-days';
import type { Certificate } from '../certificates/certificate.types';
import type { ComposedBundle } from '../compose/compose-bundle';
import type { MergedForm } from '../form/merge-form';
import { validateForm, type FormError } from '../form/validate-form';
import { buildOneTimeNotice, type OneTimeNotice } from '../materials/one-time-notice';
import { resolveMaterials, type ApplicationMaterials, type MaterialResolution } from '../materials/resolve-materials';

/** `POST /api/v1/applications` without the bundle code (the caller has resolved it). */
export interface ApplicationInput extends ApplicationMaterials {
  form: Record<string, unknown>;
}

/**
 * The verdict on a submitted application, before anything is created:
 * - `invalid-form`: some fields are invalid or missing (`formErrors`, every one at once);
 * - `invalid-materials`: uploads or deferrals name materials the items do not have;
 * - `incomplete`: key materials are missing (the one-time notice lists every one of every item);
 * - `accepted`: create the case and start the process; `resolution` is the 201 body's material part.
 * Form and materials are always both checked, so one answer can list every problem (`applicationProblems`).
 */
export interface ApplicationCheck {
  outcome: 'invalid-form' | 'invalid-materials' | 'incomplete' | 'accepted';
  formErrors: FormError[];
  /** The form values the case stores (keys the form does not ask for left out). */
  formValues: Record<string, unknown>;
  resolution: MaterialResolution;
  notice: OneTimeNotice;
}

export interface CheckApplicationInput {
  bundle: ComposedBundle;
  form: MergedForm;
  application: ApplicationInput;
  heldCertificates: Certificate[];
  now: Date;
  calendar: HolidayCalendar;
}

/** Checks the form and the materials of an application (受理审查) in one pass. */
export function checkApplication(input: CheckApplicationInput): ApplicationCheck {
  const { errors: formErrors, values: formValues } = validateForm(input.form, input.application.form);
  const resolution = resolveMaterials({
    bundle: input.bundle, application: { ...input.application, form: formValues }, heldCertificates: input.heldCertificates, now: input.now, calendar: input.calendar,
  });
  const notice = buildOneTimeNotice(input.bundle, resolution);
  const outcome = formErrors.length > 0
    ? 'invalid-form'
    : resolution.unknownMaterials.length > 0
      ? 'invalid-materials'
      : notice.complete ? 'accepted' : 'incomplete';
  return { outcome, formErrors, formValues, resolution, notice };
}
