package io.aigne.usage.query.service;

import java.sql.PreparedStatement;
import java.sql.SQLException;

/**
 * Which calls and which ModelCallStat level a question is about, and how answers are grouped:
 * the whole user, one project, the user's projects (by appDid) or one project's models (by model).
 */
public record Scope(String userDid, Level level, String appDid) {

    public enum Level {
        USER, PROJECT, PROJECTS, MODELS
    }

    public static Scope user(String userDid) {
        return new Scope(userDid, Level.USER, null);
    }

    public static Scope project(String userDid, String appDid) {
        return new Scope(userDid, Level.PROJECT, appDid);
    }

    public static Scope projects(String userDid) {
        return new Scope(userDid, Level.PROJECTS, null);
    }

    public static Scope models(String userDid, String appDid) {
        return new Scope(userDid, Level.MODELS, appDid);
    }

    /** Filter on model_call_stats after {@code user_did = ?}; binds appDid where it has a '?'. */
    String statsFilter() {
        return switch (level) {
            case USER -> " AND app_did IS NULL AND model_id IS NULL";
            case PROJECT -> " AND app_did = ? AND model_id IS NULL";
            case PROJECTS -> " AND app_did IS NOT NULL AND model_id IS NULL";
            case MODELS -> " AND app_did = ? AND model_id IS NOT NULL";
        };
    }

    /** Filter on model_calls after {@code user_did = ?}. */
    String callsFilter() {
        return switch (level) {
            case USER -> "";
            case PROJECT, MODELS -> " AND app_did = ?";
            case PROJECTS -> " AND app_did IS NOT NULL";
        };
    }

    boolean bindsApp() {
        return level == Level.PROJECT || level == Level.MODELS;
    }

    /** Binds {@code user_did = ?} and the filter's appDid from parameter 1; returns the next index. */
    int bind(PreparedStatement ps) throws SQLException {
        return bind(ps, 1);
    }

    /** Binds {@code user_did = ?} and the filter's appDid from parameter {@code i}; returns the next index. */
    int bind(PreparedStatement ps, int i) throws SQLException {
        ps.setString(i++, userDid);
        if (bindsApp()) {
            ps.setString(i++, appDid);
        }
        return i;
    }

    /** The grouping column in model_call_stats, or a constant for one group. */
    String statsGroup() {
        return switch (level) {
            case USER, PROJECT -> "''";
            case PROJECTS -> "app_did";
            case MODELS -> "model_id";
        };
    }

    String callsGroup() {
        return switch (level) {
            case USER, PROJECT -> "''";
            case PROJECTS -> "app_did";
            case MODELS -> "model";
        };
    }
}
