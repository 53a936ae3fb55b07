import { create, fromBinary, toBinary } from '@bufbuild/protobuf';
import { PolicySchema, RouteSchema } from '@pomerium-unified/enterprise-protos';
import { describe, expect, it } from 'vitest';
import { policyFromProto, policyToProto } from '../src/convert-policy.js';
import { routeFromProto, routeToProto } from '../src/convert-route.js';

/** Field 9999, varint 1: a field a newer console might send. */
const unknownField = new Uint8Array([0xf8, 0xf0, 0x04, 0x01]);

function withUnknownField(bytes: Uint8Array): Uint8Array {
  const result = new Uint8Array(bytes.length + unknownField.length);
  result.set(bytes);
  result.set(unknownField, bytes.length);
  return result;
}

describe('protobuf fields this library does not know', () => {
  it('are counted in extensions.enterprise.unknownFields and kept on a read-modify-write', () => {
    const wire = fromBinary(
      RouteSchema,
      withUnknownField(
        toBinary(RouteSchema, create(RouteSchema, { id: 'r1', name: 'app', from: 'https://a.example.com' })),
      ),
    );
    const route = routeFromProto(wire);
    expect(route.extensions.enterprise?.unknownFields).toEqual([9999]);
    const written = routeToProto({ ...route, name: 'renamed' }, wire);
    expect(written.$unknown?.map((field) => field.no)).toEqual([9999]);

    const policyWire = fromBinary(
      PolicySchema,
      withUnknownField(toBinary(PolicySchema, create(PolicySchema, { id: 'p1', name: 'p', ppl: '[]' }))),
    );
    const policy = policyFromProto(policyWire);
    expect(policy.extensions.enterprise?.unknownFields).toEqual([9999]);
    expect(policyToProto).toBeTypeOf('function');
  });
});
