import { createRequire as __gmcCreateRequire } from "node:module"; const require = __gmcCreateRequire(import.meta.url);
import {
  finishGoFile
} from "./chunk-MS3AXOLS.js";
import "./chunk-OJL2LTWI.js";
import "./chunk-52F24W3R.js";
import "./chunk-RCRA6UKK.js";
export {
  finishGoFile
};
