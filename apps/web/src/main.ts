import 'element-plus/dist/index.css';
import './app.css';
import './theme.css';
import { createApp } from 'vue';
import { App } from './shell/app.view';

createApp(App).mount('#app');
