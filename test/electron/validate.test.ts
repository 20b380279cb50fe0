import { describe, expect, it } from 'vitest';
import { ContractError } from '../../electron/common/contract-error';
import { v } from '../../electron/common/validate';

function rejects(fn: () => unknown, message: RegExp): void {
  let thrown: unknown;
  try {
    fn();
  } catch (error) {
    thrown = error;
  }
  expect(thrown).toBeInstanceOf(ContractError);
  expect((thrown as ContractError).code).toBe('invalid-argument');
  expect((thrown as ContractError).message).toMatch(message);
}

describe('validators', () => {
  it('checks strings by length and pattern, saying what was received and what is allowed', () => {
    const s = v.string({ min: 1, max: 3 });
    expect(s.check('abc', 'x')).toBe('abc');
    rejects(
      () => s.check('abcd', 'args.name'),
      /^args\.name: received "abcd", allowed a string of 1 to 3 characters$/,
    );
    rejects(() => s.check(3, 'x'), /received 3/);
    rejects(() => v.string({ pattern: /^a+$/ }).check('ab', 'x'), /received "ab"/);
  });

  it('checks integers and numbers against their ranges', () => {
    const i = v.int({ min: 1, max: 10 });
    expect(i.check(10, 'x')).toBe(10);
    rejects(() => i.check(11, 'limit'), /limit: received 11, allowed an integer in \[1, 10\]/);
    rejects(() => i.check(1.5, 'x'), /received 1.5/);
    rejects(() => i.check('5', 'x'), /received "5"/);
    rejects(() => v.number().check(Number.NaN, 'x'), /received NaN/);
    rejects(() => v.number().check(Infinity, 'x'), /received Infinity/);
  });

  it('checks literals, arrays and records', () => {
    expect(v.literal('a', 'b').check('b', 'x')).toBe('b');
    rejects(() => v.literal('a', 'b').check('c', 'x'), /one of "a", "b"/);
    const arr = v.array(v.int({ min: 0, max: 9 }), { min: 1, max: 2 });
    expect(arr.check([1, 2], 'x')).toEqual([1, 2]);
    rejects(() => arr.check([], 'x'), /an array of 0/);
    rejects(() => arr.check([1, 2, 3], 'x'), /an array of 3/);
    rejects(() => arr.check([1, 'a'], 'p'), /p\[1\]: received "a"/);
    const rec = v.record(v.union(v.string(), v.number()), { max: 2 });
    expect(rec.check({ a: 1, b: 'x' }, 'x')).toEqual({ a: 1, b: 'x' });
    rejects(() => rec.check({ a: true }, 'p'), /p\.a: received true/);
    rejects(() => rec.check({ a: 1, b: 2, c: 3 }, 'p'), /at most 2 entries/);
  });

  it('objects refuse unknown keys, require required keys and allow optional ones to be absent', () => {
    const o = v.object({ name: v.string({ max: 10 }), limit: v.optional(v.int({ min: 1, max: 5 })) });
    expect(o.check({ name: 'a' }, 'args')).toEqual({ name: 'a' });
    expect(o.check({ name: 'a', limit: 2 }, 'args')).toEqual({ name: 'a', limit: 2 });
    rejects(
      () => o.check({ name: 'a', extra: 1 }, 'args'),
      /args: unknown key "extra", allowed keys: name, limit/,
    );
    rejects(() => o.check({}, 'args'), /args\.name: received undefined/);
    rejects(() => o.check(null, 'args'), /args: received null/);
    rejects(() => o.check([], 'args'), /received an array of 0/);
    // Prototype keys are not own keys of the shape: "__proto__" in JSON is an unknown key.
    rejects(() => o.check(JSON.parse('{"name":"a","__proto__":{"x":1}}'), 'args'), /unknown key "__proto__"/);
  });

  it('none() accepts only the absence of arguments', () => {
    expect(() => {
      v.none().check(undefined, 'x');
    }).not.toThrow();
    rejects(() => {
      v.none().check({}, 'x');
    }, /allowed no arguments/);
  });
});
