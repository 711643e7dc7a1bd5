// The oneclick tool's entry point; commands are added by the tool issue (#4).
return 0;
