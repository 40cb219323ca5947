import {
  assertHttp, atLeast, atMost, HttpAssertionError, parse, uriDecode,
  type Arguments, type Rule,
} from './first.ts';
import { open } from './listen-demos.ts';
import { fail, HOST, parsePort } from './program.ts';
