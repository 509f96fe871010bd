package dev.latchkey.core.access.condition;

import com.google.common.collect.ImmutableCollection;
import com.google.common.collect.ImmutableList;
import com.google.common.collect.ImmutableSet;
import com.google.common.collect.ImmutableSortedMap;
import dev.cel.common.CelFunctionDecl;
import dev.cel.common.CelOverloadDecl;
import dev.cel.common.types.CelType;
import dev.cel.common.types.CelTypeProvider;
import dev.cel.common.types.MapType;
import dev.cel.common.types.SimpleType;
import dev.cel.common.types.StructType;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * What a condition sees: the variables {@code request}, {@code key} and {@code now}, and our
 * functions.
 *
 * <p>{@code request} and {@code key} are struct types known only to the checker (a {@link
 * StructType} from a small {@link CelTypeProvider}, no protobuf descriptors). Declaring them as
 * {@code map(string, dyn)} would have been simpler but would let {@code request.method == 1} and
 * {@code request.methd} through to run time; as structs, the checker knows every field's type and
 * rejects both. At run time each is a struct value reading the input's records ({@link
 * InputVariables}). {@link StaticChecks} reports unknown fields before the checker does, with the
 * list of known ones; the checker still catches fields selected through an expression ({@code
 * [request][0].methd}).
 */
final class Environment {
  static final String REQUEST = "request";
  static final String KEY = "key";
  static final String NOW = "now";

  static final String IN_CIDR = "in_cidr";
  static final String TIME_OF_DAY = "time_of_day";
  static final String BETWEEN_TIMES = "between_times";

  static final String IN_CIDR_OVERLOAD = "string_in_cidr_string";
  static final String TIME_OF_DAY_OVERLOAD = "timestamp_time_of_day_string";
  static final String BETWEEN_TIMES_OVERLOAD = "timestamp_between_times_string_string_string";

  static final ImmutableSortedMap<String, CelType> REQUEST_FIELDS =
      ImmutableSortedMap.of(
          "headers", MapType.create(SimpleType.STRING, SimpleType.STRING),
          "ip", SimpleType.STRING,
          "method", SimpleType.STRING,
          "path", SimpleType.STRING,
          "service", SimpleType.STRING);

  static final ImmutableSortedMap<String, CelType> KEY_FIELDS =
      ImmutableSortedMap.of(
          "consumer", SimpleType.STRING,
          "created_at", SimpleType.TIMESTAMP,
          "meta", MapType.create(SimpleType.STRING, SimpleType.DYN));

  static final StructType REQUEST_TYPE = struct("latchkey.Request", REQUEST_FIELDS);
  static final StructType KEY_TYPE = struct("latchkey.Key", KEY_FIELDS);

  private Environment() {}

  /** The fields of variable {@code name}, when it is a struct ({@code request}, {@code key}). */
  static Optional<ImmutableSortedMap<String, CelType>> fieldsOf(String name) {
    return switch (name) {
      case REQUEST -> Optional.of(REQUEST_FIELDS);
      case KEY -> Optional.of(KEY_FIELDS);
      default -> Optional.empty();
    };
  }

  static boolean isVariable(String name) {
    return name.equals(REQUEST) || name.equals(KEY) || name.equals(NOW);
  }

  static CelTypeProvider typeProvider() {
    return new CelTypeProvider() {
      @Override
      public ImmutableCollection<CelType> types() {
        return ImmutableList.of(REQUEST_TYPE, KEY_TYPE);
      }

      @Override
      public Optional<CelType> findType(String typeName) {
        return types().stream().filter(t -> t.name().equals(typeName)).findFirst();
      }
    };
  }

  static List<CelFunctionDecl> functions() {
    return List.of(
        CelFunctionDecl.newFunctionDeclaration(
            IN_CIDR,
            CelOverloadDecl.newMemberOverload(
                IN_CIDR_OVERLOAD, SimpleType.BOOL, SimpleType.STRING, SimpleType.STRING)),
        CelFunctionDecl.newFunctionDeclaration(
            TIME_OF_DAY,
            CelOverloadDecl.newMemberOverload(
                TIME_OF_DAY_OVERLOAD, SimpleType.INT, SimpleType.TIMESTAMP, SimpleType.STRING)),
        CelFunctionDecl.newFunctionDeclaration(
            BETWEEN_TIMES,
            CelOverloadDecl.newMemberOverload(
                BETWEEN_TIMES_OVERLOAD,
                SimpleType.BOOL,
                SimpleType.TIMESTAMP,
                SimpleType.STRING,
                SimpleType.STRING,
                SimpleType.STRING)));
  }

  private static StructType struct(String name, Map<String, CelType> fields) {
    return StructType.create(
        name, ImmutableSet.copyOf(fields.keySet()), f -> Optional.ofNullable(fields.get(f)));
  }
}
