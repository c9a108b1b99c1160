/** The bundle composer (一件事编排) page of the staff UI. */
export { ComposerView } from './composer.view';
