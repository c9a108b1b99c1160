import './app.css';
import { bundlesPage } from './bundles/bundles.page';
import { designerPage } from './designer/designer.page';
import { inboxPage } from './inbox/inbox.page';
import { monitorPage } from './monitor/monitor.page';
import { AppShell } from './shell/app-shell';

new AppShell(document.getElementById('app')!, [designerPage, inboxPage, monitorPage, bundlesPage]).start();
