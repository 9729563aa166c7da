package com.carbon254.ingestion.app;
public final class Main { public static void main(String[] a) {} }
