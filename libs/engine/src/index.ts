export * from './engine.types';
export * from './engine.errors';
export { engine } from './engine';
export { scheduleTimer, type TimerSchedule, type ScheduleResult } from './timers/timer-schedule';
export { parseIsoDuration, addDuration, type IsoDuration } from './timers/iso-duration';
export { waitsAt, type WaitKind } from './queries/waits-at.query';
export { multiInstanceOf, type MultiInstanceOf } from './queries/multi-instance-of.query';
export { allowedReturnTargets, returnPlan, type ReturnPlan } from './modification/return-plan';
export { sandboxedDmnFeel } from './feel/dmn-feel';
