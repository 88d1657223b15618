// The demo app's entry: registers the dl-kit elements and the demo's own screens.
import 'dl-kit/components';
import './app-shell.js';
