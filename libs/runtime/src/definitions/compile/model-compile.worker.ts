import { compileModel } from './model-compile.task';

/** The compile worker thread's entry (piscina calls the default export with each task). */
export default compileModel;
