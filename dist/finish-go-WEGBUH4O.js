import { createRequire as __gmcCreateRequire } from "node:module"; const require = __gmcCreateRequire(import.meta.url);
import {
  finishGoFile
} from "./chunk-33HJUDBM.js";
import "./chunk-OJL2LTWI.js";
import "./chunk-BFB3L46B.js";
import "./chunk-RCRA6UKK.js";
export {
  finishGoFile
};
