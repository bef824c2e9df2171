// Writes the public surface of an assembly as sorted C#-like text, one line per type or member, for the committed API baseline (api/*.txt).
using System.Globalization;
using System.Reflection;
using System.Runtime.CompilerServices;
using System.Text;

namespace Nmf.Fast.Tests.Docs;

/// <summary>
/// The public (and protected) surface of an assembly, rendered deterministically: a type's header line
/// (modifiers, kind, full name, generic constraints, base type and interfaces), then its members indented and
/// sorted ordinally. Signatures carry everything a caller compiles against: parameter types with nullability,
/// ref kinds, default values, return types, accessors (get / set / init), static / virtual / abstract, constants' values.
/// </summary>
internal static class PublicApiListing
{
    private const BindingFlags DeclaredMembers =
        BindingFlags.Public | BindingFlags.NonPublic | BindingFlags.Instance | BindingFlags.Static | BindingFlags.DeclaredOnly;

    public static string Of(Assembly assembly) =>
        Of(assembly.GetExportedTypes());

    public static string Of(IEnumerable<Type> types)
    {
        var text = new StringBuilder();
        foreach (var type in types.OrderBy(t => FullName(t), StringComparer.Ordinal))
        {
            text.Append(TypeHeader(type)).Append('\n');
            foreach (var (_, line) in Members(type).OrderBy(m => m.Name, StringComparer.Ordinal).ThenBy(m => m.Line, StringComparer.Ordinal))
                text.Append("    ").Append(line).Append('\n');
        }
        return text.ToString();
    }

    private static readonly NullabilityInfoContext Nullability = new();

    private static string TypeHeader(Type type)
    {
        string kind =
            type.IsEnum ? "enum"
            : type.IsInterface ? "interface"
            : type.IsValueType ? (IsReadOnly(type) ? "readonly " : "") + (type.IsByRefLike ? "ref struct" : "struct")
            : type.IsAbstract && type.IsSealed ? "static class"
            : type.IsSealed ? "sealed class"
            : type.IsAbstract ? "abstract class"
            : "class";
        var header = new StringBuilder("public ").Append(kind).Append(' ').Append(FullName(type));
        var bases = new List<string>();
        if (type.IsEnum) bases.Add(TypeName(Enum.GetUnderlyingType(type), null));
        else if (type.BaseType is { } b && b != typeof(object) && b != typeof(ValueType)) bases.Add(TypeName(b, null));
        bases.AddRange(type.GetInterfaces().Where(i => i.IsPublic || i.IsNestedPublic).Select(i => TypeName(i, null)).OrderBy(s => s, StringComparer.Ordinal));
        if (bases.Count > 0) header.Append(" : ").Append(string.Join(", ", bases));
        if (type.IsGenericTypeDefinition) header.Append(Constraints(type.GetGenericArguments()));
        return header.ToString();
    }

    /// <summary>Each visible member as (name to sort by, line); constructors sort first.</summary>
    private static IEnumerable<(string Name, string Line)> Members(Type type)
    {
        if (type.IsEnum)
        {
            foreach (var f in type.GetFields(BindingFlags.Public | BindingFlags.Static))
                yield return (f.Name, $"{f.Name} = {Convert.ToString(f.GetRawConstantValue(), CultureInfo.InvariantCulture)}");
            yield break;
        }
        var accessors = new HashSet<MethodInfo>();
        foreach (var p in type.GetProperties(DeclaredMembers))
        {
            accessors.UnionWith(p.GetAccessors(nonPublic: true));
            if (Property(p) is { } line) yield return (p.Name, line);
        }
        foreach (var e in type.GetEvents(DeclaredMembers))
        {
            if (e.AddMethod is { } add) accessors.Add(add);
            if (e.RemoveMethod is { } remove) accessors.Add(remove);
            if (e.AddMethod is { } a && IsVisible(a))
                yield return (e.Name, $"{Access(a)}{(a.IsStatic ? "static " : "")}event {TypeName(e.EventHandlerType!, Nullability.Create(e))} {e.Name}");
        }
        foreach (var f in type.GetFields(DeclaredMembers))
        {
            if (!(f.IsPublic || f.IsFamily || f.IsFamilyOrAssembly) || f.Name.Contains('<', StringComparison.Ordinal)) continue;
            string modifiers = f.IsLiteral ? "const " : (f.IsStatic ? "static " : "") + (f.IsInitOnly ? "readonly " : "");
            string value = f.IsLiteral ? " = " + Literal(f.GetRawConstantValue()) : "";
            yield return (f.Name, $"{Access(f)}{modifiers}{TypeName(f.FieldType, Nullability.Create(f))} {f.Name}{value}");
        }
        foreach (var c in type.GetConstructors(DeclaredMembers))
            if (IsVisible(c) && !c.IsStatic) yield return ("", $"{Access(c)}ctor({Parameters(c)})");
        foreach (var m in type.GetMethods(DeclaredMembers))
        {
            if (!IsVisible(m) || accessors.Contains(m) || m.Name.Contains('<', StringComparison.Ordinal)) continue;
            string generic = m.IsGenericMethodDefinition ? "<" + string.Join(", ", m.GetGenericArguments().Select(a => a.Name)) + ">" : "";
            string constraints = m.IsGenericMethodDefinition ? Constraints(m.GetGenericArguments()) : "";
            string returns = ReturnType(m.ReturnParameter, m.ReturnType);
            yield return (m.Name, $"{Access(m)}{MethodModifiers(m)}{returns} {m.Name}{generic}({Parameters(m)}){constraints}");
        }
    }

    private static string? Property(PropertyInfo p)
    {
        var get = p.GetMethod is { } g && IsVisible(g) ? g : null;
        var set = p.SetMethod is { } s && IsVisible(s) ? s : null;
        var any = get ?? set;
        if (any is null) return null;
        string accessorList = (get is null ? "" : "get; ")
            + (set is null ? "" : set.ReturnParameter.GetRequiredCustomModifiers().Contains(typeof(IsExternalInit)) ? "init; " : "set; ");
        string required = p.CustomAttributes.Any(a => a.AttributeType.FullName == "System.Runtime.CompilerServices.RequiredMemberAttribute") ? "required " : "";
        var indexParameters = p.GetIndexParameters();
        string name = indexParameters.Length == 0 ? p.Name : "this[" + Parameters(indexParameters) + "]";
        string type = get is not null ? ReturnType(get.ReturnParameter, p.PropertyType) : TypeName(p.PropertyType, Nullability.Create(p));
        return $"{Access(any)}{required}{MethodModifiers(any)}{type} {name} {{ {accessorList}}}";
    }

    private static string ReturnType(ParameterInfo returnParameter, Type type)
    {
        if (!type.IsByRef) return TypeName(type, Nullability.Create(returnParameter));
        bool readOnly = returnParameter.GetRequiredCustomModifiers().Contains(typeof(System.Runtime.InteropServices.InAttribute))
            || returnParameter.IsDefined(typeof(IsReadOnlyAttribute));
        return (readOnly ? "ref readonly " : "ref ") + TypeName(type.GetElementType()!, null);
    }

    private static bool IsVisible(MethodBase m) => m.IsPublic || m.IsFamily || m.IsFamilyOrAssembly;

    private static string Access(MethodBase m) => m.IsPublic ? "" : "protected ";

    private static string Access(FieldInfo f) => f.IsPublic ? "" : "protected ";

    private static string MethodModifiers(MethodInfo m)
    {
        if (m.IsStatic) return "static ";
        if (m.IsAbstract) return m.DeclaringType!.IsInterface ? "" : "abstract ";
        if (m.GetBaseDefinition() != m) return m.IsFinal ? "sealed override " : "override ";
        return m.IsVirtual && !m.IsFinal ? "virtual " : "";
    }

    private static string Parameters(MethodBase m) => Parameters(m.GetParameters());

    private static string Parameters(ParameterInfo[] parameters) => string.Join(", ", parameters.Select(Parameter));

    private static string Parameter(ParameterInfo p)
    {
        var text = new StringBuilder();
        if (p.Member.IsDefined(typeof(ExtensionAttribute)) && p.Position == 0) text.Append("this ");
        if (p.IsDefined(typeof(ParamArrayAttribute))) text.Append("params ");
        if (p.IsDefined(typeof(ScopedRefAttribute))) text.Append("scoped ");
        Type type = p.ParameterType;
        if (type.IsByRef)
        {
            text.Append(p.IsOut ? "out " : p.IsIn || p.IsDefined(typeof(IsReadOnlyAttribute)) ? "in " : "ref ");
            text.Append(TypeName(type.GetElementType()!, null));
        }
        else text.Append(TypeName(type, Nullability.Create(p)));
        text.Append(' ').Append(p.Name);
        if (p.HasDefaultValue) text.Append(" = ").Append(p.RawDefaultValue is null && type.IsValueType && Nullable.GetUnderlyingType(type) is null ? "default" : Literal(p.RawDefaultValue));
        return text.ToString();
    }

    private static string Constraints(Type[] genericParameters)
    {
        var text = new StringBuilder();
        foreach (var g in genericParameters)
        {
            var parts = new List<string>();
            var attributes = g.GenericParameterAttributes;
            bool valueType = (attributes & GenericParameterAttributes.NotNullableValueTypeConstraint) != 0;
            if (g.CustomAttributes.Any(a => a.AttributeType.Name == "IsUnmanagedAttribute")) parts.Add("unmanaged");
            else if (valueType) parts.Add("struct");
            else if ((attributes & GenericParameterAttributes.ReferenceTypeConstraint) != 0) parts.Add("class");
            parts.AddRange(g.GetGenericParameterConstraints().Where(c => c != typeof(ValueType)).Select(c => TypeName(c, null)).OrderBy(s => s, StringComparer.Ordinal));
            if (!valueType && (attributes & GenericParameterAttributes.DefaultConstructorConstraint) != 0) parts.Add("new()");
            if (parts.Count == 0) continue;
            text.Append(" where ").Append(g.Name).Append(" : ").Append(string.Join(", ", parts));
        }
        return text.ToString();
    }

    private static bool IsReadOnly(Type type) => type.IsDefined(typeof(IsReadOnlyAttribute));

    private static string FullName(Type type)
    {
        string name = type.IsNested ? FullName(type.DeclaringType!) + "." + type.Name : type.Namespace + "." + type.Name;
        int tick = name.IndexOf('`', StringComparison.Ordinal);
        if (tick >= 0) name = name[..tick];
        if (type.IsGenericTypeDefinition)
        {
            var own = type.GetGenericArguments().Skip(type.IsNested ? type.DeclaringType!.GetGenericArguments().Length : 0);
            name += "<" + string.Join(", ", own.Select(a => a.Name)) + ">";
        }
        return name;
    }

    /// <summary>A type as C# spells it, with <c>?</c> for nullable reference types when <paramref name="nullability"/> says so.</summary>
    private static string TypeName(Type type, NullabilityInfo? nullability)
    {
        if (Nullable.GetUnderlyingType(type) is { } underlying) return TypeName(underlying, nullability?.GenericTypeArguments.FirstOrDefault()) + "?";
        string name;
        if (type.IsGenericParameter) name = type.Name;
        else if (type.IsArray) name = TypeName(type.GetElementType()!, nullability?.ElementType) + "[" + new string(',', type.GetArrayRank() - 1) + "]";
        else if (type.IsPointer) name = TypeName(type.GetElementType()!, null) + "*";
        else if (type.IsByRef) name = "ref " + TypeName(type.GetElementType()!, null);
        else if (Keyword(type) is { } keyword) name = keyword;
        else
        {
            string baseName = type.IsNested ? TypeName(type.DeclaringType!, null) + "." + type.Name : type.Namespace + "." + type.Name;
            int tick = baseName.IndexOf('`', StringComparison.Ordinal);
            if (tick >= 0) baseName = baseName[..tick];
            if (type.IsGenericType)
            {
                var arguments = type.GetGenericArguments();
                var argumentNullability = nullability?.GenericTypeArguments;
                baseName += "<" + string.Join(", ", arguments.Select((a, i) =>
                    TypeName(a, argumentNullability is { Length: var n } && n == arguments.Length ? argumentNullability[i] : null))) + ">";
            }
            name = baseName;
        }
        bool nullable = !type.IsValueType && nullability is not null
            && (nullability.ReadState == NullabilityState.Nullable || nullability.WriteState == NullabilityState.Nullable);
        return nullable ? name + "?" : name;
    }

    private static string? Keyword(Type type) => type.IsEnum ? null : Type.GetTypeCode(type) switch
    {
        TypeCode.Boolean => "bool",
        TypeCode.Byte => "byte",
        TypeCode.SByte => "sbyte",
        TypeCode.Char => "char",
        TypeCode.Int16 => "short",
        TypeCode.UInt16 => "ushort",
        TypeCode.Int32 => "int",
        TypeCode.UInt32 => "uint",
        TypeCode.Int64 => "long",
        TypeCode.UInt64 => "ulong",
        TypeCode.Single => "float",
        TypeCode.Double => "double",
        TypeCode.Decimal => "decimal",
        TypeCode.String => "string",
        _ when type == typeof(object) => "object",
        _ when type == typeof(void) => "void",
        _ => null,
    };

    private static string Literal(object? value) => value switch
    {
        null => "null",
        string s => "\"" + s.Replace("\\", "\\\\", StringComparison.Ordinal).Replace("\"", "\\\"", StringComparison.Ordinal) + "\"",
        bool b => b ? "true" : "false",
        char c => "'" + c + "'",
        double d => d.ToString("R", CultureInfo.InvariantCulture),
        float f => f.ToString("R", CultureInfo.InvariantCulture),
        IFormattable f => f.ToString(null, CultureInfo.InvariantCulture),
        _ => value.ToString() ?? "",
    };
}
