package io.brazesync.connector.record;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Objects;
import org.apache.flink.annotation.PublicEvolving;
import org.apache.flink.api.common.typeinfo.TypeInfo;

/**
 * One element of a Braze request array, already serialized, with the user it belongs to and the
 * record it came from.
 *
 * <p>The element is kept as JSON bytes so that the sink only concatenates them into request bodies.
 * The user key orders records: the sink never lets two requests for one user key be in flight at
 * once.
 */
@PublicEvolving
@TypeInfo(BrazeRecordTypeInfoFactory.class)
public final class BrazeRecord {

    private final BrazeArray array;
    private final String userKey;
    private final byte[] element;
    private final RecordOrigin origin;

    public BrazeRecord(BrazeArray array, String userKey, byte[] element, RecordOrigin origin) {
        this.array = Objects.requireNonNull(array, "array");
        this.userKey = Objects.requireNonNull(userKey, "userKey");
        this.element = Objects.requireNonNull(element, "element");
        this.origin = Objects.requireNonNull(origin, "origin");
    }

    public BrazeArray array() {
        return array;
    }

    public RequestKind requestKind() {
        return array.requestKind();
    }

    /** The Braze identity of the record's user, such as {@code external_id:u1}. */
    public String userKey() {
        return userKey;
    }

    /** The serialized JSON element; not copied, do not modify. */
    public byte[] element() {
        return element;
    }

    public String elementAsString() {
        return new String(element, StandardCharsets.UTF_8);
    }

    public RecordOrigin origin() {
        return origin;
    }

    @Override
    public boolean equals(Object o) {
        if (!(o instanceof BrazeRecord)) {
            return false;
        }
        BrazeRecord that = (BrazeRecord) o;
        return array == that.array
                && userKey.equals(that.userKey)
                && Arrays.equals(element, that.element)
                && origin.equals(that.origin);
    }

    @Override
    public int hashCode() {
        return Objects.hash(array, userKey, origin);
    }

    /** Names the array and origin; never the user or the element, which are customer data. */
    @Override
    public String toString() {
        return "BrazeRecord{" + array + ", " + origin.describe() + "}";
    }
}
