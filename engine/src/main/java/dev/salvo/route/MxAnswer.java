package dev.salvo.route;

import io.netty.buffer.ByteBuf;
import io.netty.handler.codec.dns.DefaultDnsRecordDecoder;
import io.netty.handler.codec.dns.DnsRawRecord;
import io.netty.handler.codec.dns.DnsRecord;
import io.netty.handler.codec.dns.DnsRecordType;
import io.netty.handler.codec.dns.DnsResponse;
import io.netty.handler.codec.dns.DnsResponseCode;
import io.netty.handler.codec.dns.DnsSection;
import java.util.ArrayList;
import java.util.List;

/**
 * What one MX response says, copied out of the response so the caller can release it at once.
 *
 * @param ttlSeconds for RECORDS the least MX TTL; for NO_RECORDS and NXDOMAIN the negative TTL of
 *                   RFC 2308 §5 (the lesser of the SOA's own TTL and its MINIMUM), or -1 without an SOA
 */
record MxAnswer(Kind kind, List<MxRecord> records, long ttlSeconds, String detail) {
    enum Kind { RECORDS, NULL_MX, NO_RECORDS, NXDOMAIN, ERROR }

    record MxRecord(String host, int preference) {}

    /** Reads the response; does not release it. */
    static MxAnswer read(DnsResponse response) {
        DnsResponseCode code = response.code();
        if (code == DnsResponseCode.NXDOMAIN) {
            return new MxAnswer(Kind.NXDOMAIN, List.of(), negativeTtl(response), "NXDOMAIN");
        }
        if (code != DnsResponseCode.NOERROR) {
            return new MxAnswer(Kind.ERROR, List.of(), -1, code.toString());
        }
        List<MxRecord> records = new ArrayList<>();
        long ttl = Long.MAX_VALUE;
        long nullMxTtl = -1;
        int count = response.count(DnsSection.ANSWER);
        for (int i = 0; i < count; i++) {
            DnsRecord r = response.recordAt(DnsSection.ANSWER, i);
            // Other types (a CNAME leading to the MX set) carry nothing we need here.
            if (r.type() != DnsRecordType.MX || !(r instanceof DnsRawRecord raw)) {
                continue;
            }
            // Netty's decoder has already decompressed the exchange name: u16 preference, then the name.
            ByteBuf rdata = raw.content().duplicate();
            int preference = rdata.readUnsignedShort();
            String name = DefaultDnsRecordDecoder.decodeName(rdata);
            if (name.equals(".")) {
                // RFC 7505 §3: a null MX is a single record of preference 0 with the exchange ".".
                // A domain that also publishes real MX records is misconfigured; use those.
                nullMxTtl = r.timeToLive();
                continue;
            }
            records.add(new MxRecord(DomainName.fromWire(name), preference));
            ttl = Math.min(ttl, r.timeToLive());
        }
        if (!records.isEmpty()) {
            return new MxAnswer(Kind.RECORDS, List.copyOf(records), ttl, records.size() + " MX record(s)");
        }
        if (nullMxTtl >= 0) {
            return new MxAnswer(Kind.NULL_MX, List.of(), nullMxTtl, "null MX (RFC 7505)");
        }
        return new MxAnswer(Kind.NO_RECORDS, List.of(), negativeTtl(response), "no MX records");
    }

    private static long negativeTtl(DnsResponse response) {
        int count = response.count(DnsSection.AUTHORITY);
        for (int i = 0; i < count; i++) {
            DnsRecord r = response.recordAt(DnsSection.AUTHORITY, i);
            if (r.type() == DnsRecordType.SOA && r instanceof DnsRawRecord raw) {
                // SOA rdata is left compressed: the content is a view of the whole message, so name
                // pointers still resolve. MNAME, RNAME, then SERIAL REFRESH RETRY EXPIRE MINIMUM.
                ByteBuf rdata = raw.content().duplicate();
                DefaultDnsRecordDecoder.decodeName(rdata);
                DefaultDnsRecordDecoder.decodeName(rdata);
                if (rdata.readableBytes() < 20) {
                    return -1;
                }
                long minimum = rdata.getUnsignedInt(rdata.readerIndex() + 16);
                return Math.min(r.timeToLive(), minimum); // RFC 2308 §5
            }
        }
        return -1;
    }
}
